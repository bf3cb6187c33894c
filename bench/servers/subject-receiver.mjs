import { importBuilt } from '../lib/packages.mjs';

/** A core receiver for Bluestone with one handler that counts events, as every subject server uses. */
export async function countingReceiver(secret) {
  const { bluestone, createPimReceiver } = await importBuilt('@pimhooks/core');
  const receiver = createPimReceiver({ sources: [bluestone({ secret })], logger: false });
  let handled = 0;
  receiver.on('bluestone:*', () => {
    handled++;
  });
  return { receiver, handled: () => handled };
}
