// Starts an example app (default: Express) and sends it what Bluestone sends: every documented
// event, a batch, a retry of a delivery already handled, and forgeries. Prints what became of each.
// Usage: pnpm demo [-- --example node-http|express|koa|nestjs]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  bluestoneBatch,
  bluestoneExamples,
  sendDelivery,
  signBluestone,
  tamperBody,
} from '@pimhooks/testing';

const args = process.argv.slice(2);
const example =
  args[args.indexOf('--example') + 1] && args.includes('--example')
    ? args[args.indexOf('--example') + 1]
    : 'express';
const main = fileURLToPath(new URL(`../examples/${example}/dist/main.js`, import.meta.url));
if (!existsSync(main)) {
  console.error(`No built example at examples/${example}/dist/main.js: run \`pnpm build\` first.`);
  process.exit(1);
}

const secret = randomBytes(24).toString('base64url');
const app = spawn(process.execPath, [main], {
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BLUESTONE_SECRET: secret, QUIET: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const printed = [];
let stderr = '';
app.stderr.setEncoding('utf8').on('data', (chunk) => {
  stderr += chunk;
});
const origin = await new Promise((resolve, reject) => {
  let buffered = '';
  app.once('exit', (code) => reject(new Error(`examples/${example} exited with code ${code}:\n${stderr}`)));
  app.stdout.setEncoding('utf8').on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const ready = /^listening on (http:\/\/\S+)$/.exec(line);
      if (ready) resolve(ready[1]);
      else if (line.startsWith('{')) printed.push(JSON.parse(line));
    }
  });
});
const webhooks = `${origin}/webhooks`;

async function linesAfter(before, expected) {
  for (let i = 0; i < 100 && printed.length - before < expected; i++)
    await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, expected === 0 ? 50 : 0));
  return printed.slice(before);
}

const rows = [];
async function send(label, delivery, expect) {
  const before = printed.length;
  const answer = await sendDelivery(webhooks, delivery);
  const handled = await linesAfter(before, expect.handled);
  const ok = answer.status === expect.status && handled.length === expect.handled;
  rows.push({
    '#': rows.length + 1,
    delivery: label,
    status: answer.status,
    handled: handled.length,
    'what happened': expect.story(handled),
    ok: ok ? 'yes' : 'NO',
  });
  return ok;
}

function printTable(table) {
  const columns = Object.keys(table[0]);
  const width = (c) => Math.max(c.length, ...table.map((r) => String(r[c]).length));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(width(columns[i]))).join('  ');
  console.log(line(columns));
  console.log(columns.map((c) => '-'.repeat(width(c))).join('  '));
  for (const row of table) console.log(line(columns.map((c) => row[c])));
}

const topicOf = (lines) => lines.map((l) => `${l.type} -> ${l.topic}`).join(', ');
let allOk = true;
for (const seed of bluestoneExamples) {
  const delivery = signBluestone({ ...seed.body, timestamp: Date.now() }, secret);
  allOk = (await send(seed.type, delivery, { status: 200, handled: 1, story: topicOf })) && allOk;
}
const batch = bluestoneBatch(['PRODUCT_CREATED', 'PRODUCT_WATCH_CATEGORY', 'PRODUCT_SYNC_DONE'], secret);
allOk =
  (await send('batch of 3 events', batch, {
    status: 200,
    handled: 3,
    story: (lines) => `3 events, handled in order: ${lines.map((l) => l.type).join(', ')}`,
  })) && allOk;
allOk =
  (await send('the same batch again (a retry)', batch, {
    status: 200,
    handled: 0,
    story: () => 'duplicate: acknowledged, no handler ran',
  })) && allOk;
allOk =
  (await send('forged: body changed after signing', tamperBody(batch), {
    status: 401,
    handled: 0,
    story: () => 'refused: signature does not match',
  })) && allOk;
allOk =
  (await send('forged: signed with another secret', bluestoneBatch(['CATEGORY_REMOVED'], 'not-the-secret'), {
    status: 401,
    handled: 0,
    story: () => 'refused: signature does not match',
  })) && allOk;

app.kill('SIGTERM');
console.log(`\npimhooks demo: examples/${example} at ${webhooks}/bluestone\n`);
printTable(rows);
console.log(
  allOk
    ? `\nAll ${rows.length} deliveries answered as Bluestone needs. Each handled event was printed by the app as one JSON line.`
    : '\nSome deliveries were not answered as expected (see the ok column).',
);
process.exit(allOk ? 0 : 1);
