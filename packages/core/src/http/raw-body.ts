import type { IncomingMessage } from 'node:http';
import { PimWebhookError } from '../errors.js';
import { readNodeBody } from './node-body.js';

const textEncoder = new TextEncoder();

/**
 * The first candidate that holds body bytes kept by a parser that ran before pimhooks
 * (`req.rawBody`, a Buffer `req.body` from a raw parser, a string from a text parser).
 * Strings are re-encoded as UTF-8, which restores the exact bytes of a UTF-8 body.
 */
export function capturedBodyBytes(...candidates: unknown[]): Uint8Array | undefined {
  return firstBodyBytes(candidates);
}

function firstBodyBytes(candidates: readonly unknown[]): Uint8Array | undefined {
  for (const candidate of candidates) {
    if (candidate instanceof Uint8Array) return candidate;
    if (typeof candidate === 'string') return textEncoder.encode(candidate);
  }
  return undefined;
}

/** Whether nothing has read the request's body stream yet. */
export function isBodyUnread(req: IncomingMessage): boolean {
  // body-parser and co-body mark a request they consumed with `_body`.
  return !req.readableEnded && (req as { _body?: unknown })._body !== true && !req.destroyed;
}

export interface RawBodySource {
  /** The Node request. */
  readonly req: IncomingMessage;
  /** Places where an earlier parser may have kept the bytes, in order of preference. */
  readonly captured: readonly unknown[];
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly source: string;
  /** What the user should change in their setup when only a parsed object is left. */
  readonly fix: string;
}

/**
 * The exact request bytes, wherever they are: kept by an earlier parser, or still in the stream.
 * When a parser consumed the stream and kept nothing, fails with `raw_body_unavailable` and a
 * message naming the fix: a signature can only be checked on the bytes that were signed.
 */
export function obtainRawBody(from: RawBodySource): Promise<Uint8Array> {
  const kept = firstBodyBytes(from.captured);
  if (kept !== undefined) {
    if (kept.length > from.maxBodyBytes) {
      return Promise.reject(
        new PimWebhookError('payload_too_large', `The body is over ${from.maxBodyBytes} bytes.`, {
          source: from.source,
        }),
      );
    }
    return Promise.resolve(kept);
  }
  if (isBodyUnread(from.req)) {
    return readNodeBody(from.req, {
      maxBodyBytes: from.maxBodyBytes,
      bodyTimeoutMs: from.bodyTimeoutMs,
      source: from.source,
    });
  }
  return Promise.reject(
    new PimWebhookError(
      'raw_body_unavailable',
      `pimhooks needs the exact bytes of the ${from.source} webhook request to verify it, but a body parser ` +
        `consumed them and kept only the parsed result. ${from.fix}`,
      { source: from.source },
    ),
  );
}
