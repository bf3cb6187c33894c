import { contentHash } from '../crypto/content-hash.js';
import { type HeaderInput, toHeaderBag } from '../request/headers.js';
import type { IncomingDelivery } from '../source.js';

/** A request for one source, in a framework-neutral form. Adapters build this from their request. */
export interface PimRequest {
  /** The source's name (the path segment after the mount path: `bluestone`, ...). */
  readonly source: string;
  readonly method: string;
  readonly headers: HeaderInput;
  /** The exact bytes received; a string is taken as UTF-8. */
  readonly body: Uint8Array | string | undefined;
  /** Path segments after the source's name, decoded. */
  readonly pathSegments?: readonly string[];
  /** The query string (with or without `?`) or its parsed form. */
  readonly query?: URLSearchParams | string;
}

const EMPTY = new Uint8Array(0);
const textEncoder = new TextEncoder();

export function toBytes(body: Uint8Array | string | undefined): Uint8Array {
  if (body === undefined) return EMPTY;
  return typeof body === 'string' ? textEncoder.encode(body) : body;
}

/** Build what a source sees. The delivery id (a hash of the bytes) is computed only if asked for. */
export function toIncomingDelivery(request: PimRequest, body: Uint8Array): IncomingDelivery {
  let id: string | undefined;
  return {
    method: request.method.toUpperCase(),
    headers: toHeaderBag(request.headers),
    body,
    pathSegments: request.pathSegments ?? [],
    query:
      request.query instanceof URLSearchParams ? request.query : new URLSearchParams(request.query ?? ''),
    receivedAt: new Date(),
    get id() {
      id ??= contentHash(body);
      return id;
    },
  };
}
