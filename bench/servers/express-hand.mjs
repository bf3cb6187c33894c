// Hand-written Express 5 receiver: express.raw + HMAC + JSON.parse.
import { createServer } from 'node:http';
import express from 'express';
import { handWritten } from './hand-verify.mjs';
import { listen } from './listen.mjs';

export function start({ secret }) {
  const hand = handWritten(secret);
  const app = express();
  app.post('/webhooks/bluestone', express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
    let count;
    try {
      count = hand.verify(req.body, req.get('x-bs-signature'));
    } catch {
      return res.status(400).json({ ok: false });
    }
    if (count < 0) return res.status(401).json({ ok: false });
    res.status(200).json({ ok: true, events: count });
  });
  return listen(createServer(app), hand.handled);
}
