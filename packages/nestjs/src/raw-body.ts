import type { IncomingMessage } from 'node:http';

/** What to change when the body was parsed and its bytes were not kept: shown in the 500's report. */
export const NEST_RAW_BODY_FIX =
  'Create the app with rawBody enabled, so Nest keeps the exact bytes: ' +
  'const app = await NestFactory.create(AppModule, { rawBody: true }).';

/** The Node request and the bytes Nest kept, on the Express platform and on Fastify. */
export function nodeRequestOf(req: unknown): { raw: IncomingMessage; captured: unknown[] } {
  const request = req as { raw?: IncomingMessage; rawBody?: unknown };
  // Fastify wraps the Node request (`req.raw`); Express extends it.
  const raw = request.raw ?? (req as IncomingMessage);
  return { raw, captured: [request.rawBody, (raw as { rawBody?: unknown }).rawBody] };
}
