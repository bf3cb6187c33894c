// The README's complete example, typechecked with the package and run by readme.test.ts.
// #region readme
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/express';
import express, { type NextFunction, type Request, type Response } from 'express';

const receiver = createPimReceiver({
  sources: [bluestone({ secret: process.env.BLUESTONE_SECRET! })],
  // Refused deliveries and failed handlers, once each.
  onError: (error, context) => console.error(`webhook ${error.code} (${context.source}): ${error.message}`),
});

// Typed from the event name: `event.data` is the Bluestone payload of that type.
receiver.on('PRODUCT_WATCH_METADATA_NAME', (event) => {
  const { oldValue, newValue, context } = event.data.nameChange;
  console.log(`product ${event.entityIds.join(', ')} renamed (${context}): ${oldValue} -> ${newValue}`);
});
// Topics span vendors: every product update, whoever sends it.
receiver.on('product.updated', (event) => {
  for (const change of event.changes) console.log(`${event.source} ${event.type}: ${change.field} changed`);
});
// A handler that throws makes Bluestone retry later (503 + Retry-After); the retry runs it again.
receiver.on('bluestone:*', async (event) => {
  await Promise.resolve(event.id); // e.g. put the event on a queue
});

const app = express();
app.use(pimWebhooks(receiver)); // POST /webhooks/bluestone, before any body parser

// Your own API, with its own body parser.
app.use('/api', express.json());
app.post('/api/notes', (req: Request, res: Response) => {
  res.status(201).json({ received: req.body });
});

// Your error handler sees your routes' errors; webhook deliveries are answered by pimhooks.
app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
  console.error(error);
  res.status(500).json({ error: 'internal' });
});

const server = app.listen(Number(process.env.PORT ?? 3000));

// #endregion readme

export { receiver, server };
