import type { TestDelivery } from '../delivery.js';

/** What one request got back. */
export interface Exchange {
  readonly url: string;
  readonly status: number;
  readonly body: string;
}

/**
 * Send a delivery to the URL the vendor would call. Path segments the delivery carries (Bizzkit's
 * event name, Brightpearl's key) are appended to `url`, and its query string added.
 */
export async function sendTo(url: string, delivery: TestDelivery): Promise<Exchange> {
  const target = new URL(url);
  const segments = delivery.pathSegments.map(encodeURIComponent).join('/');
  if (segments !== '') target.pathname = `${target.pathname.replace(/\/+$/, '')}/${segments}`;
  for (const [name, value] of new URLSearchParams(delivery.query ?? ''))
    target.searchParams.append(name, value);
  const response = await fetch(target, {
    method: delivery.method,
    headers: delivery.headers,
    ...(delivery.method === 'GET' || delivery.method === 'HEAD' ? {} : { body: delivery.body }),
  });
  return { url: target.toString(), status: response.status, body: await response.text() };
}
