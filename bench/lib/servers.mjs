// Starts and stops the HTTP servers under load, each in its own child process.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { BenchUnavailable } from './packages.mjs';

const SERVE = fileURLToPath(new URL('../servers/serve.mjs', import.meta.url));
const START_TIMEOUT_MS = 30_000;

/** A running server child: its port, `stats()` and `stop()`. */
export async function startServer(kind) {
  // PIMHOOKS_BENCH_PROFILE=<dir>: write a CPU profile of every server child there (node --cpu-prof).
  const profileDir = process.env.PIMHOOKS_BENCH_PROFILE;
  const child = fork(SERVE, [kind], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const first = await new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ error: `did not start within ${START_TIMEOUT_MS} ms` }),
      START_TIMEOUT_MS,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ error: `exited with code ${code} before it was ready` });
    });
  });
  if (first.error !== undefined) {
    child.kill('SIGKILL');
    throw new BenchUnavailable(`server "${kind}": ${first.error}${stderr ? `\n${stderr.trim()}` : ''}`);
  }
  return {
    kind,
    port: first.ready,
    /** `{ handled, cpuMicros }`: events the server's handlers saw, and the CPU time it used so far. */
    async stats() {
      child.send('stats');
      const [message] = await once(child, 'message');
      return message;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
