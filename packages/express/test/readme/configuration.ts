// The README's configuration example, typechecked with the package and run by readme.test.ts.
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/express';
import express, { type Express } from 'express';

const app: Express = express();

// #region readme
const receiver = createPimReceiver({
  sources: [bluestone({ secret: process.env.BLUESTONE_SECRET!, retryAfterSeconds: 120 })],
  maxBodyBytes: 256 * 1024, // larger bodies: 413, the connection is closed
  bodyTimeoutMs: 10_000, // slower bodies: 408, the connection is closed
  onError: (error, context) => console.error(`[${context.source}] ${error.code}: ${error.message}`),
});

// Every source under /pim/<source>: POST /pim/bluestone
app.use(pimWebhooks(receiver, { path: '/pim' }));

// #endregion readme

export { app, receiver };
