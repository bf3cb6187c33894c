import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** An app started as a separate process, as the example apps are run. */
export interface RunningApp {
  /** `http://HOST:PORT`, read from the app's `listening on http://HOST:PORT` line. */
  readonly origin: string;
  /** Every other line the app printed on stdout so far (the example apps print one JSON line per event). */
  readonly lines: string[];
  /** What it printed on stderr so far. */
  readonly stderr: () => string;
  readonly child: ChildProcess;
  /** Lines parsed as JSON (non-JSON lines left out). */
  events(): Record<string, unknown>[];
  /** Wait until at least `count` JSON lines were printed (or `timeoutMs` passed); returns them. */
  waitForEvents(count: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  /** SIGTERM, then wait for the exit code (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

export interface StartAppOptions {
  /** The script to run with this Node (e.g. `examples/express/dist/main.js`). */
  readonly main: string;
  /** Added to this process's environment. `PORT` defaults to `0` (a free port), `HOST` to `127.0.0.1`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long the app may take to print its readiness line. Default 20 s. */
  readonly readyTimeoutMs?: number;
}

const READY = /^listening on (https?:\/\/\S+)$/;

/**
 * Start an app that prints `listening on http://HOST:PORT` when ready (the contract of the example
 * apps), and collect what it prints.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const child = spawn(process.execPath, [options.main], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.main} printed no "listening on" line in time.\n${stderr}`));
    }, options.readyTimeoutMs ?? 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.main} exited with code ${code} before it was ready.\n${stderr}`));
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        const ready = READY.exec(line);
        if (ready?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(ready[1]);
        } else lines.push(line);
      }
    });
  });

  const events = () =>
    lines.flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

  return {
    origin,
    lines,
    stderr: () => stderr,
    child,
    events,
    async waitForEvents(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return events();
    },
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const [code] = (await exited) as [number | null];
      clearTimeout(timer);
      return code;
    },
  };
}
