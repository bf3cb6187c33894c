// @octokit/webhooks' node middleware on node:http (GitHub headers, the same body bytes as Bluestone).
import { createServer } from 'node:http';
import { createNodeMiddleware, Webhooks } from '@octokit/webhooks';
import { listen } from './listen.mjs';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export function start({ secret }) {
  const webhooks = new Webhooks({ secret });
  let handled = 0;
  webhooks.onAny(() => {
    handled++;
  });
  const middleware = createNodeMiddleware(webhooks, { path: '/webhooks/github', log: quiet });
  const server = createServer((req, res) => {
    middleware(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  return listen(server, () => handled);
}
