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
  readonly method: string;
  readonly headers: HeaderBag;
  readonly pathSegments: readonly string[];
  readonly receivedAt = new Date();
  private hash: string | undefined;
  private parsedQuery: URLSearchParams | undefined;
  private readonly rawQuery: string | undefined;

  constructor(
    request: PimRequest,
    readonly body: Uint8Array,
  ) {
    const { method, query } = request;
    this.method = method === 'POST' ? method : method.toUpperCase();
    this.headers = toHeaderBag(request.headers);
    this.pathSegments = request.pathSegments ?? [];
    if (query instanceof URLSearchParams) this.parsedQuery = query;
    else this.rawQuery = query;
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
