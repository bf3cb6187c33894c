// Starts an example app (default: Express) and sends it what Bluestone sends: every documented
// event, a batch, a retry of a delivery already handled, and forgeries. Prints what became of each.
// Usage: pnpm demo [-- --example node-http|express|koa|nestjs]
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  bluestoneBatch,
  bluestoneExamples,
  sendDelivery,
  signBluestone,
  startApp,
  tamperBody,
} from '@pimhooks/testing';

const args = process.argv.slice(2);
const example = args.includes('--example') ? args[args.indexOf('--example') + 1] : 'express';
const main = fileURLToPath(new URL(`../examples/${example}/dist/main.js`, import.meta.url));
if (!existsSync(main)) {
  console.error(`No built example at examples/${example}/dist/main.js: run \`pnpm build\` first.`);
  process.exit(1);
}

const secret = randomBytes(24).toString('base64url');
const app = await startApp({ main, env: { BLUESTONE_SECRET: secret, QUIET: '' } });
const webhooks = `${app.origin}/webhooks`;

async function linesAfter(before, expected) {
  await app.waitForEvents(before + expected, 1000);
  // When nothing should be handled, give a wrongly handled event a moment to show up.
  if (expected === 0) await new Promise((r) => setTimeout(r, 50));
  return app.events().slice(before);
}

const rows = [];
async function send(label, delivery, expect) {
  const before = app.events().length;
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

await app.stop();
console.log(`\npimhooks demo: examples/${example} at ${webhooks}/bluestone\n`);
printTable(rows);
console.log(
  allOk
    ? `\nAll ${rows.length} deliveries answered as Bluestone needs. Each handled event was printed by the app as one JSON line.`
    : '\nSome deliveries were not answered as expected (see the ok column).',
);
process.exit(allOk ? 0 : 1);
