// @pimhooks/express middleware on Express 5.
import { createServer } from 'node:http';
import express from 'express';
import { importBuilt } from '../lib/packages.mjs';
import { listen } from './listen.mjs';
import { countingReceiver } from './subject-receiver.mjs';

export async function start({ secret }) {
  const { pimWebhooks } = await importBuilt('@pimhooks/express');
  const { receiver, handled } = await countingReceiver(secret);
  const app = express();
  app.use(pimWebhooks(receiver, { path: '/webhooks' }));
  return listen(createServer(app), handled);
}
