// Child of the memory scenario (run with --expose-gc): pushes N distinct smallest valid deliveries
// through one receiver with the default memory store, and reports memory after a full GC at intervals.
import { SECRET, signedDelivery } from '../lib/deliveries.mjs';
import { importBuilt } from '../lib/packages.mjs';

const total = Number(process.argv[2]);
const samples = Number(process.argv[3]);

const { bluestone, createPimReceiver } = await importBuilt('@pimhooks/core');
const receiver = createPimReceiver({ sources: [bluestone({ secret: SECRET })], logger: false });
let handled = 0;
receiver.on('bluestone:*', () => {
  handled++;
});

const curve = [];
const every = Math.round(total / samples);
const start = Date.now();
for (let i = 1; i <= total; i++) {
  const d = signedDelivery(1, { smallest: true });
  const answer = await receiver.handle({
    source: 'bluestone',
    method: 'POST',
    headers: { 'x-bs-signature': d.signature },
    body: d.body,
  });
  if (answer.status !== 200) throw new Error(`delivery ${i} answered ${answer.status}: ${answer.body}`);
  if (i % every === 0) {
    globalThis.gc();
    const { rss, heapUsed } = process.memoryUsage();
    curve.push({ deliveries: i, rss, heapUsed, storeSize: receiver.options.store.size ?? null });
  }
}
if (handled !== total) throw new Error(`handlers saw ${handled} of ${total} events`);
process.send({ curve, seconds: (Date.now() - start) / 1000 });
