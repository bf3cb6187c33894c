import { contentHash } from '../crypto/content-hash.js';
import { type HeaderBag, type HeaderInput, toHeaderBag } from '../request/headers.js';
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

/** Build what a source sees. */
export function toIncomingDelivery(request: PimRequest, body: Uint8Array): IncomingDelivery {
  return new ReceivedDelivery(request, body);
}

/**
 * A delivery as sources see it. The delivery id (a hash of the bytes) and the parsed query are
 * computed only if a source asks for them: most sources never read the query.
 */
class ReceivedDelivery implements IncomingDelivery {
  // Declared only, and every one assigned in the constructor in one order: no class-field
  // initializer runs per delivery, and every instance has one shape.
  declare readonly method: string;
  declare readonly headers: HeaderBag;
  declare readonly pathSegments: readonly string[];
  declare readonly receivedAt: Date;
  declare readonly body: Uint8Array;
  declare private hash: string | undefined;
  declare private parsedQuery: URLSearchParams | undefined;
  declare private readonly rawQuery: string | undefined;

  constructor(request: PimRequest, body: Uint8Array) {
    const { method, query } = request;
    this.method = method === 'POST' ? method : method.toUpperCase();
    this.headers = toHeaderBag(request.headers);
    this.pathSegments = request.pathSegments ?? [];
    this.receivedAt = new Date();
    this.body = body;
    this.hash = undefined;
    const parsed = query instanceof URLSearchParams;
    this.parsedQuery = parsed ? query : undefined;
    this.rawQuery = parsed ? undefined : query;
  }

  get id(): string {
    this.hash ??= contentHash(this.body);
    return this.hash;
  }

  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.rawQuery ?? '');
    return this.parsedQuery;
  }
}
