import type { PimReceiver, PimResponse } from '@pimhooks/core';

/** A request as a vendor would send it: ready to feed to a receiver or to send over HTTP. */
export interface TestDelivery {
  /** The source it is for (`bluestone`, ...). */
  readonly source: string;
  readonly method: string;
  /** Path segments after the source's mount path (Bizzkit's event name, Brightpearl's key...). */
  readonly pathSegments: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes, as text. */
  readonly body: string;
  /** The query string, without `?` (Brightpearl's key or GET fields...). */
  readonly query?: string;
}

/** Feed a delivery to a receiver without HTTP. */
export function deliverTo(receiver: PimReceiver, delivery: TestDelivery): Promise<PimResponse> {
  return receiver.handle({
    source: delivery.source,
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
    pathSegments: delivery.pathSegments,
    query: delivery.query ?? '',
  });
}

/** What a server answered. */
export interface TestAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * Send a delivery over HTTP. `baseUrl` is the mount path's URL (e.g. `http://127.0.0.1:3000/webhooks`);
 * the source name and path segments are appended.
 */
export async function sendDelivery(baseUrl: string, delivery: TestDelivery): Promise<TestAnswer> {
  const path = [delivery.source, ...delivery.pathSegments].map(encodeURIComponent).join('/');
  const query = delivery.query === undefined || delivery.query === '' ? '' : `?${delivery.query}`;
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/${path}${query}`, {
    method: delivery.method,
    headers: delivery.headers,
    ...(delivery.method === 'GET' || delivery.method === 'HEAD' ? {} : { body: delivery.body }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}
