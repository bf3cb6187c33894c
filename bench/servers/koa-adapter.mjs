// @pimhooks/koa middleware on Koa 3.
import { createServer } from 'node:http';
import Koa from 'koa';
import { importBuilt } from '../lib/packages.mjs';
import { listen } from './listen.mjs';
import { countingReceiver } from './subject-receiver.mjs';

export async function start({ secret }) {
  const { pimWebhooks } = await importBuilt('@pimhooks/koa');
  const { receiver, handled } = await countingReceiver(secret);
  const app = new Koa();
  app.use(pimWebhooks(receiver, { path: '/webhooks' }));
  return listen(createServer(app.callback()), handled);
}
