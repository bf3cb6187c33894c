import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { TestDelivery } from '../delivery.js';
import { CLI_SOURCES, checkEvent, cliSource } from './catalog.js';
import { type Exchange, sendTo } from './send.js';

/** Where a command writes; the real CLI passes stdout/stderr, tests pass collectors. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Standard input, read whole (for `sign`). */
  stdin(): Promise<string>;
}

const SOURCES = Object.keys(CLI_SOURCES).join('|');

export const HELP = {
  main: `pimhooks: send realistic PIM webhook deliveries to a receiver

Usage:
  pimhooks send <source> <event> --url <url> --secret <secret> [options]
  pimhooks sign <source> --secret <secret> < body.json
  pimhooks replay <file> [--url <url>]
  pimhooks <command> --help

Sources: ${Object.keys(CLI_SOURCES).join(', ')}`,
  send: `pimhooks send <${SOURCES}> <event> --url <url> --secret <secret> [options]

Builds a realistic, signed delivery of <event> (the vendor's documented example) and sends it to <url>,
the URL the vendor would call (Bizzkit's event name and Brightpearl's key are appended to it). Prints the
answer and exits 0 when it is a 2xx (or, with --tamper or --expired, when it is refused).

Options:
  --url <url>        where to send, e.g. http://127.0.0.1:3000/webhooks/bluestone
  --secret <secret>  the webhook secret, token (Quable) or URL key (Brightpearl)
  --batch <n>        events in one delivery (Bluestone; Brightpearl: ids 1-n)   default 1
  --duplicate        send the same delivery twice (the second must be a duplicate)
  --tamper           break the signature or token (the receiver must answer 401)
  --expired          an expired token (Bizzkit) or a day-old timestamp (Bluestone)
  --method <method>  Brightpearl's HTTP method: GET, POST, PUT or DELETE      default POST
  --list             list the source's events instead of sending`,
  sign: `pimhooks sign <${SOURCES}> --secret <secret> < body.json

Reads a body on standard input and prints the headers that authenticate it, then a curl command.
Brightpearl signs nothing (its key is in the URL), so it prints no header.`,
  replay: `pimhooks replay <file> [--url <url>]

Resends deliveries saved as JSON (copied from a vendor's message log, for instance): an array of
{ "url"?, "method"?, "headers"?, "body" } (body as text or JSON). --url is used for entries without one.
Prints one line per delivery and exits 0 when every answer is a 2xx.`,
};

function describe(exchange: Exchange): string {
  const body = exchange.body.length > 300 ? `${exchange.body.slice(0, 300)}...` : exchange.body;
  return `${exchange.status} ${exchange.url}${body === '' ? '' : `\n${body}`}`;
}

const ok = (status: number) => status >= 200 && status < 300;

export async function sendCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      secret: { type: 'string' },
      batch: { type: 'string', default: '1' },
      duplicate: { type: 'boolean', default: false },
      tamper: { type: 'boolean', default: false },
      expired: { type: 'boolean', default: false },
      method: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    io.out(HELP.send);
    return 0;
  }
  const [sourceName, eventName] = positionals;
  const source = cliSource(sourceName);
  if (values.list) {
    for (const event of source.events) io.out(event);
    return 0;
  }
  const event = checkEvent(sourceName as string, source, eventName);
  if (values.url === undefined) throw new Error('--url is required: the URL the vendor would call.');
  if (values.secret === undefined) throw new Error('--secret is required: the webhook secret, token or key.');
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000)
    throw new Error('--batch takes a whole number from 1 to 1000.');
  const delivery = source.build(event, {
    secret: values.secret,
    batch,
    tamper: values.tamper,
    expired: values.expired,
    method: values.method,
  });
  const expectRefusal = values.tamper || values.expired;
  let success = true;
  for (let i = 0; i < (values.duplicate ? 2 : 1); i++) {
    const exchange = await sendTo(values.url, delivery);
    io.out(`${i === 0 ? 'sent' : 'sent again'}: ${describe(exchange)}`);
    success &&= expectRefusal ? exchange.status === 401 || exchange.status === 400 : ok(exchange.status);
  }
  return success ? 0 : 1;
}

export async function signCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { secret: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    io.out(HELP.sign);
    return 0;
  }
  const source = cliSource(positionals[0]);
  if (values.secret === undefined) throw new Error('--secret is required.');
  const body = await io.stdin();
  const headers = source.sign(body, values.secret);
  for (const [name, value] of Object.entries(headers)) io.out(`${name}: ${value}`);
  const flags = Object.entries(headers)
    .map(([name, value]) => ` -H '${name}: ${value}'`)
    .join('');
  io.out(`\ncurl -X POST -H 'content-type: application/json'${flags} --data-binary @body.json <url>`);
  return 0;
}

interface SavedDelivery {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    io.out(HELP.replay);
    return 0;
  }
  const file = positionals[0];
  if (file === undefined)
    throw new Error('Name the file of saved deliveries: pimhooks replay deliveries.json');
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  const saved = (Array.isArray(parsed) ? parsed : [parsed]) as SavedDelivery[];
  let allOk = true;
  for (const [i, entry] of saved.entries()) {
    const url = entry.url ?? values.url;
    if (url === undefined) throw new Error(`Delivery ${i + 1} has no "url", and no --url was given.`);
    const delivery: TestDelivery = {
      source: '',
      method: (entry.method ?? 'POST').toUpperCase(),
      pathSegments: [],
      headers: entry.headers ?? {},
      body:
        typeof entry.body === 'string'
          ? entry.body
          : entry.body === undefined
            ? ''
            : JSON.stringify(entry.body),
    };
    const exchange = await sendTo(url, delivery);
    io.out(`${i + 1}/${saved.length}: ${describe(exchange)}`);
    allOk &&= ok(exchange.status);
  }
  return allOk ? 0 : 1;
}

/** Run the CLI with `args` (without node and script); resolves with the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'send':
        return await sendCommand(rest, io);
      case 'sign':
        return await signCommand(rest, io);
      case 'replay':
        return await replayCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP.main);
        return command === undefined ? 1 : 0;
      default:
        io.err(`Unknown command "${command}".\n\n${HELP.main}`);
        return 1;
    }
  } catch (error) {
    io.err(`pimhooks: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
