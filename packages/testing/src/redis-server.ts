import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';

/** A real `redis-server` on 127.0.0.1 that a test starts, kills and restarts. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kill the server at once (SIGKILL, as in a crash) and wait until it is gone. */
  kill(): Promise<void>;
  /** Start it again on the same port, empty (no persistence), and wait until it answers PING. */
  restart(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

function missingServerMessage(): string {
  return [
    `The Redis tests need a real redis-server, and "${BINARY}" could not be started.`,
    'Install it: apt-get install -y redis-server (Debian/Ubuntu), or set REDIS_SERVER_BIN to its path.',
    process.env.CI === 'true'
      ? 'Under CI these tests fail instead of skipping: .ci/run must install redis-server.'
      : 'These tests fail instead of skipping, so a missing server is never mistaken for a pass.',
  ].join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** One PING over a raw socket: true when the server answered PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.startsWith('+PONG'));
      }
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function spawnServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    BINARY,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let failure: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'ENOENT' ? new Error(missingServerMessage()) : error;
  });
  child.once('exit', (code) => {
    running.delete(child);
    failure ??= new Error(`redis-server exited (code ${String(code)}) before answering PING:\n${output}`);
  });
  running.add(child);
  for (let attempt = 0; attempt < 200; attempt++) {
    if (failure !== undefined) throw failure;
    if (await ping(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not answer PING:\n${output}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** A started server, to stop when the test is done. */
export interface StartedRedisServer extends RedisServer {
  stop(): Promise<void>;
}

/**
 * Start an empty, non-persistent redis-server on a free loopback port, for tests that need a real
 * Redis. Fails (never skips) when `redis-server` is not installed, saying how to install it.
 */
export async function startRedisServer(): Promise<StartedRedisServer> {
  let child: ChildProcess | undefined;
  let port = 0;
  // A free port can be taken between the check and the spawn; try a few.
  for (let attempt = 0; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await spawnServer(port);
    } catch (error) {
      if (attempt >= 3 || (error instanceof Error && error.message === missingServerMessage())) throw error;
    }
  }
  let current: ChildProcess = child;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => stop(current),
    restart: async () => {
      await stop(current);
      current = await spawnServer(port);
    },
    stop: () => stop(current),
  };
}
