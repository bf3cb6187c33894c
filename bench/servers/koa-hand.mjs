// Hand-written Koa 3 receiver: raw body read from the stream + HMAC + JSON.parse.
import { createServer } from 'node:http';
import Koa from 'koa';
import { handWritten } from './hand-verify.mjs';
import { listen } from './listen.mjs';

function readRaw(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function start({ secret }) {
  const hand = handWritten(secret);
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method !== 'POST' || ctx.path !== '/webhooks/bluestone') return;
    const raw = await readRaw(ctx.req);
    let count;
    try {
      count = hand.verify(raw, ctx.get('x-bs-signature') || undefined);
    } catch {
      ctx.status = 400;
      ctx.body = { ok: false };
      return;
    }
    ctx.status = count < 0 ? 401 : 200;
    ctx.body = count < 0 ? { ok: false } : { ok: true, events: count };
  });
  return listen(createServer(app.callback()), hand.handled);
}
