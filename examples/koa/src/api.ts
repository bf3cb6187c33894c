import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import type { ProductView } from './catalog.js';

/** The app's own JSON API, with its own body parser: the webhook routes never go through it. */
export function apiRouter(products: ReadonlyMap<string, ProductView>): Router {
  const api = new Router({ prefix: '/api' });
  api.use(bodyParser());
  api.get('/products', (ctx) => {
    ctx.body = [...products.values()];
  });
  api.get('/products/:id', (ctx) => {
    const product = products.get(ctx.params.id ?? '');
    if (product === undefined) ctx.throw(404, 'no such product');
    ctx.body = product;
  });
  // Stands for any endpoint of your own that takes JSON.
  api.post('/notes', (ctx) => {
    const text = (ctx.request.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text === '') ctx.throw(400, 'send {"text": "..."}');
    ctx.status = 201;
    ctx.body = { saved: text };
  });
  return api;
}
