import express, { type Router } from 'express';
import type { Product } from './catalog.js';

/** The app's own JSON API, with its own body parser: the webhook routes never go through it. */
export function apiRouter(products: ReadonlyMap<string, Product>): Router {
  const api = express.Router();
  api.use(express.json());
  api.get('/products', (_req, res) => {
    res.json([...products.values()]);
  });
  api.get('/products/:id', (req, res) => {
    const product = products.get(req.params.id);
    if (product === undefined) res.status(404).json({ error: 'no such product' });
    else res.json(product);
  });
  // Stands for any endpoint of your own that takes JSON.
  api.post('/notes', (req, res) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text === '') res.status(400).json({ error: 'send {"text": "..."}' });
    else res.status(201).json({ saved: text });
  });
  return api;
}
