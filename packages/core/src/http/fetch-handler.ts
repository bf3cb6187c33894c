import { isPimWebhookError, PimWebhookError } from '../errors.js';
import type { PimReceiver } from '../receiver/receiver.js';
import type { PimResponse } from '../source.js';
import { webhookPathMatcher } from './route.js';

export interface FetchHandlerOptions {
  /** Mount path; sources are served at `<path>/<source>`. Default `/webhooks`. */
  path?: string;
}

function toResponse(answer: PimResponse, closeConnection = false): Response {
  const headers = new Headers(answer.headers);
  if (closeConnection) headers.set('connection', 'close');
  return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers });
}

/** Read a Web `Request` body as bytes, stopping at `maxBodyBytes` (413) or after `timeoutMs` (408). */
export async function readFetchBody(
  request: Request,
  maxBodyBytes: number,
  timeoutMs: number,
  source?: string,
): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBodyBytes) {
    throw new PimWebhookError('payload_too_large', `The body is over ${maxBodyBytes} bytes.`, { source });
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PimWebhookError('body_timeout', `The body did not arrive within ${timeoutMs} ms.`, { source }),
        ),
      timeoutMs,
    );
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBodyBytes) {
        throw new PimWebhookError('payload_too_large', `The body is over ${maxBodyBytes} bytes.`, { source });
      }
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw isPimWebhookError(error)
      ? error
      : new PimWebhookError('body_aborted', 'The client went away before the body was complete.', {
          source,
          cause: error,
        });
  } finally {
    clearTimeout(timer);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * A Web-standard handler, `(Request) => Promise<Response>`, for fetch-based servers (Hono, Next.js
 * route handlers, Bun, Deno). Paths outside the mount path are answered 404.
 */
export function createFetchHandler(
  receiver: PimReceiver,
  options: FetchHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const matchPath = webhookPathMatcher(options.path ?? '/webhooks');
  const { maxBodyBytes, bodyTimeoutMs } = receiver.options;
  return async (request) => {
    const url = new URL(request.url);
    const route = matchPath(url.pathname);
    if (route === undefined || !receiver.hasSource(route.source)) {
      const error = new PimWebhookError('unknown_source', 'No webhook source is served at this path.');
      return toResponse(receiver.reject(error, undefined));
    }
    let body: Uint8Array;
    try {
      body = await readFetchBody(request, maxBodyBytes, bodyTimeoutMs, route.source);
    } catch (error) {
      return toResponse(receiver.reject(error as PimWebhookError, route.source), true);
    }
    const answer = receiver.respond({
      source: route.source,
      method: request.method,
      headers: request.headers,
      body,
      pathSegments: route.segments,
      query: url.searchParams,
    });
    return toResponse(answer instanceof Promise ? await answer : answer);
  };
}
