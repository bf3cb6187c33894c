// The README's one-route setup, typechecked with the package and run by readme.test.ts.
// #region readme
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { pimWebhook } from '@pimhooks/express';
import express from 'express';

const receiver = createPimReceiver({ sources: [bluestone({ secret: process.env.BLUESTONE_SECRET! })] });

const app = express();
app.post('/hooks/bluestone', pimWebhook(receiver, 'bluestone'));

// #endregion readme

/** The app the snippet built (typed here: its inferred type cannot be named in a declaration). */
export function routeApp(): express.Express {
  return app;
}

export { receiver };
