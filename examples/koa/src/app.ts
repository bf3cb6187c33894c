import type { PimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/koa';
import Koa from 'koa';
import { apiRouter } from './api.js';
import { trackProducts } from './catalog.js';

/** The Koa app: webhooks under /webhooks, a health check, and the app's own API under /api. */
export function createApp(receiver: PimReceiver, sourceNames: readonly string[]): Koa {
  const products = trackProducts(receiver);
  const api = apiRouter(products);
  const app = new Koa();
  // First, before any body parser: the signatures are checked on the bytes as they arrived.
  app.use(pimWebhooks(receiver, { path: '/webhooks' }));
  app.use(async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.path !== '/health') return next();
    ctx.body = { ok: true, sources: sourceNames };
  });
  app.use(api.routes()).use(api.allowedMethods());
  return app;
}
