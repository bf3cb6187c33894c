import type { PimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { apiRouter } from './api.js';
import { trackProducts } from './catalog.js';

/** The Express app: webhooks under /webhooks, a health check, and the app's own API under /api. */
export function createApp(receiver: PimReceiver, sourceNames: readonly string[]): Express {
  const products = trackProducts(receiver);
  const app = express();
  // First, before any body parser: the signatures are checked on the bytes as they arrived.
  // Deliveries are answered here, by each vendor's policy; other requests go on to the routes below.
  app.use(pimWebhooks(receiver, { path: '/webhooks' }));
  app.get('/health', (_req, res) => {
    res.json({ ok: true, sources: sourceNames });
  });
  app.use('/api', apiRouter(products));
  // Errors of the app's own routes (e.g. invalid JSON sent to /api). Webhook deliveries never get
  // here: pimhooks answers them itself, with the status their vendor needs.
  app.use((error: Error & { status?: number }, req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error.status === 'number' && error.status >= 400 ? error.status : 500;
    if (status >= 500) console.error(`${req.method} ${req.originalUrl}: ${error.stack ?? error.message}`);
    res.status(status).json({ error: status >= 500 ? 'internal error' : error.message });
  });
  return app;
}
