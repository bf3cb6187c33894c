import type { PimResponse } from '@pimhooks/core';
import type { PimKoaContext } from './context.js';

/** Put pimhooks' answer on the Koa context; Koa writes it once the middleware stack unwinds. */
export function sendKoaResponse(ctx: PimKoaContext, answer: PimResponse, closeConnection = false): void {
  ctx.status = answer.status;
  for (const name in answer.headers) ctx.set(name, answer.headers[name] as string);
  // After a refused body the rest of it may still be on the socket: do not reuse the connection.
  if (closeConnection) ctx.set('connection', 'close');
  ctx.body = answer.status === 204 ? null : answer.body;
}
