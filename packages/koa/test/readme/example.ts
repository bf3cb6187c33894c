// The README's complete example, typechecked with the package and run by readme.test.ts.
// #region readme
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/koa';
import Koa from 'koa';

const receiver = createPimReceiver({
  sources: [bluestone({ secret: process.env.BLUESTONE_SECRET! })],
  onError: (error, context) => console.error(`webhook ${error.code} (${context.source}): ${error.message}`),
});

// Typed from the event name: `event.data` is the Bluestone payload of that type.
receiver.on('PRODUCT_WATCH_METADATA_NAME', (event) => {
  const { oldValue, newValue, context } = event.data.nameChange;
  console.log(`product ${event.entityIds.join(', ')} renamed (${context}): ${oldValue} -> ${newValue}`);
});
// Topics span vendors: every product deletion, whoever sends it.
receiver.on('product.deleted', (event) => {
  console.log(`${event.source} deleted ${event.entityIds.join(', ')}`);
});
// A handler that throws makes Bluestone retry later (503 + Retry-After); the retry runs it again.
receiver.on('bluestone:*', async (event) => {
  await Promise.resolve(event.id); // e.g. put the event on a queue
});

// Your own API, with its own body parser.
const api = new Router({ prefix: '/api' });
api.use(bodyParser());
api.post('/notes', (ctx) => {
  ctx.status = 201;
  ctx.body = { received: ctx.request.body };
});

const app = new Koa();
app.use(pimWebhooks(receiver)); // POST /webhooks/bluestone, before any body parser
app.use(api.routes()).use(api.allowedMethods());

const server = app.listen(Number(process.env.PORT ?? 3000));

// #endregion readme

export { receiver, server };
