// The README's minimal setup, typechecked with the package and run by readme.test.ts.
// #region readme
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/express';
import express from 'express';

const receiver = createPimReceiver({
  sources: [bluestone({ secret: process.env.BLUESTONE_SECRET! })],
});

receiver.on('PRODUCT_CREATED', (event) => {
  const name = event.data.metadataChanges.find((change) => change.field === 'NAME')?.newValue;
  console.log(`product ${event.entityIds[0]} created: ${name}`);
});

const app = express();
app.use(pimWebhooks(receiver)); // POST /webhooks/bluestone, before any body parser
const server = app.listen(Number(process.env.PORT ?? 3000));

// #endregion readme

export { receiver, server };
