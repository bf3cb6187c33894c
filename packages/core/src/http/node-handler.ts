import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPimWebhookError, PimWebhookError } from '../errors.js';
import type { PimReceiver } from '../receiver/receiver.js';
import type { PimResponse } from '../source.js';
import { readNodeBody } from './node-body.js';
import { webhookPathMatcher } from './route.js';

export interface NodeHandlerOptions {
  /** Mount path; sources are served at `<path>/<source>`. Default `/webhooks`. */
  path?: string;
}

/** A `node:http` request listener; `next` (Connect style) is called for requests it does not serve. */
export type NodeWebhookHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** Write a `PimResponse` to a Node response. */
export function sendNodeResponse(res: ServerResponse, answer: PimResponse, closeConnection = false): void {
  if (res.headersSent) return;
  res.writeHead(answer.status, closeConnection ? { ...answer.headers, connection: 'close' } : answer.headers);
  res.end(answer.body);
}

/**
 * Serve the receiver's sources from a plain `node:http` server (or any Connect-style stack):
 * `http.createServer(createNodeHandler(receiver)).listen(3000)`. Requests outside the mount path
 * go to `next`, or are answered 404 when there is none.
 */
export function createNodeHandler(
  receiver: PimReceiver,
  options: NodeHandlerOptions = {},
): NodeWebhookHandler {
  const matchPath = webhookPathMatcher(options.path ?? '/webhooks');
  const { maxBodyBytes, bodyTimeoutMs } = receiver.options;

  return (req, res, next) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const route = matchPath(q === -1 ? url : url.slice(0, q));
    if (route === undefined || !receiver.hasSource(route.source)) {
      if (next !== undefined) return next();
      const error = new PimWebhookError('unknown_source', 'No webhook source is served at this path.');
      return sendNodeResponse(res, receiver.reject(error, undefined));
    }
    readNodeBody(req, { maxBodyBytes, bodyTimeoutMs, source: route.source })
      .then(
        (body) => {
          const answer = receiver.respond({
            source: route.source,
            method: req.method ?? 'GET',
            headers: req.headers,
            body,
            pathSegments: route.segments,
            query: q === -1 ? '' : url.slice(q + 1),
          });
          // Written at once when the delivery was handled synchronously, as most are.
          if (answer instanceof Promise) return answer.then((later) => sendNodeResponse(res, later));
          sendNodeResponse(res, answer);
        },
        (error: unknown) => {
          // Body could not be read: hand the reason to the receiver's reporting and answer with its status.
          const pimError = isPimWebhookError(error)
            ? error
            : new PimWebhookError('body_aborted', 'The body could not be read.', { cause: error });
          sendNodeResponse(res, receiver.reject(pimError, route.source), true);
        },
      )
      // A bug (a custom source's answer policy that throws): to the Connect stack when there is one,
      // else answered 500 and raised as a process warning, rather than left an unhandled rejection.
      .then(undefined, (bug: unknown) => {
        if (next !== undefined) return next(bug);
        sendNodeResponse(res, INTERNAL_ERROR);
        process.emitWarning(`pimhooks: ${bug instanceof Error ? bug.message : String(bug)}`, {
          code: 'PIMHOOKS_INTERNAL_ERROR',
          detail: bug instanceof Error ? bug.stack : undefined,
        });
      });
  };
}

const INTERNAL_ERROR: PimResponse = {
  status: 500,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '{"ok":false,"error":"internal_error"}',
};
