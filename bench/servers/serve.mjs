// Child-process entry for one HTTP server under load: `node serve.mjs <kind>`. The server runs in
// its own process so it does not share an event loop with the load generator. Over IPC it reports
// `{ ready: port }` (or `{ error }`), answers `'stats'` with `{ handled, cpuMicros }` (events its
// handlers saw, CPU time used), and exits when the harness disconnects.
import { SECRET } from '../lib/deliveries.mjs';

const kind = process.argv[2];
process.on('disconnect', () => process.exit());
try {
  const server = await import(`./${kind}.mjs`);
  const { port, handled } = await server.start({ secret: SECRET });
  process.on('message', (message) => {
    if (message === 'stats') {
      const { user, system } = process.cpuUsage();
      process.send({ handled: handled(), cpuMicros: user + system, userMicros: user });
    }
  });
  process.send({ ready: port });
} catch (error) {
  process.send({ error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  process.disconnect();
}
