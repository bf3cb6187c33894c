// Hand-written node:http receiver: raw body + HMAC + JSON.parse.
import { createServer } from 'node:http';
import { handWritten } from './hand-verify.mjs';
import { listen } from './listen.mjs';

export function start({ secret }) {
  const hand = handWritten(secret);
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/webhooks/bluestone') {
      res.statusCode = 404;
      return res.end();
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let count;
      try {
        count = hand.verify(Buffer.concat(chunks), req.headers['x-bs-signature']);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end('{"ok":false}');
      }
      res.writeHead(count < 0 ? 401 : 200, { 'content-type': 'application/json' });
      res.end(count < 0 ? '{"ok":false}' : `{"ok":true,"events":${count}}`);
    });
  });
  return listen(server, hand.handled);
}
