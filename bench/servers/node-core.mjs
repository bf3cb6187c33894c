// @pimhooks/core's own node:http handler.
import { createServer } from 'node:http';
import { importBuilt } from '../lib/packages.mjs';
import { listen } from './listen.mjs';
import { countingReceiver } from './subject-receiver.mjs';

export async function start({ secret }) {
  const { createNodeHandler } = await importBuilt('@pimhooks/core');
  const { receiver, handled } = await countingReceiver(secret);
  return listen(createServer(createNodeHandler(receiver, { path: '/webhooks' })), handled);
}
