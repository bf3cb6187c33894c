import { describe, expect, it } from 'vitest';
import { matchWebhookPath, normalizeBasePath, type PimEvent } from '../src/index.js';
import { batchOf, request, setup } from './helpers/bluestone.js';

describe('matchWebhookPath', () => {
  it.each([
    ['/webhooks/bluestone', '/webhooks', { source: 'bluestone', segments: [] }],
    ['/webhooks/bluestone/', '/webhooks', { source: 'bluestone', segments: [] }],
    [
      '/webhooks/bizzkit/ProductCatalogueItemCreated',
      '/webhooks',
      { source: 'bizzkit', segments: ['ProductCatalogueItemCreated'] },
    ],
    ['/webhooks/brightpearl/a%2Fb/c%20d', '/webhooks', { source: 'brightpearl', segments: ['a/b', 'c d'] }],
    ['/webhooks/blue%73tone', '/webhooks', { source: 'bluestone', segments: [] }],
    ['/api/v1/hooks/bluestone', '/api/v1/hooks/', { source: 'bluestone', segments: [] }],
    ['/api/v1/hooks/bluestone', 'api/v1/hooks', { source: 'bluestone', segments: [] }],
    ['/bluestone', '/', { source: 'bluestone', segments: [] }],
    ['/bluestone/x', '', { source: 'bluestone', segments: ['x'] }],
  ])('%s under %j', (path, base, route) => {
    expect(matchWebhookPath(path, base)).toEqual(route);
  });

  it.each([
    ['the mount path itself', '/webhooks'],
    ['the mount path with a slash', '/webhooks/'],
    ['a path that only starts like the mount path', '/webhooksx/bluestone'],
    ['another path', '/health'],
    ['a parent of the mount path', '/'],
    ['malformed percent-encoding', '/webhooks/blue%E0%A4%Astone'],
    ['an empty source segment', '/webhooks//bluestone'],
  ])('matches nothing for %s', (_, path) => {
    expect(matchWebhookPath(path, '/webhooks')).toBeUndefined();
  });

  it('normalizes mount paths', () => {
    expect(normalizeBasePath('/webhooks/')).toBe('/webhooks');
    expect(normalizeBasePath('webhooks')).toBe('/webhooks');
    expect(normalizeBasePath(' /a/b// ')).toBe('/a/b');
    expect(normalizeBasePath('/')).toBe('');
    expect(normalizeBasePath('')).toBe('');
  });
});

describe('handler routing', () => {
  it('calls the handlers of an event in a fixed order: qualified, bare, topic, source, any', async () => {
    const { receiver } = setup();
    const calls: string[] = [];
    receiver.onAny(() => calls.push('any'));
    receiver.on('bluestone:*', () => calls.push('source'));
    receiver.on('product.updated', () => calls.push('topic'));
    receiver.on('PRODUCT_WATCH_LABEL', () => calls.push('bare'));
    receiver.on('bluestone:PRODUCT_WATCH_LABEL', () => calls.push('qualified'));
    await receiver.handle(request(batchOf(['PRODUCT_WATCH_LABEL'])));
    expect(calls).toEqual(['qualified', 'bare', 'topic', 'source', 'any']);
  });

  it('runs a handler subscribed under several matching names once per event', async () => {
    const { receiver } = setup();
    let calls = 0;
    const handler = () => {
      calls++;
    };
    receiver.on(
      ['CATEGORY_CREATED', 'bluestone:CATEGORY_CREATED', 'category.created', 'bluestone:*'],
      handler,
    );
    receiver.onAny(handler);
    await receiver.handle(request(batchOf(['CATEGORY_CREATED'])));
    expect(calls).toBe(1);
  });

  it('sends each event of a batch only to the handlers of its own type and topic', async () => {
    const { receiver } = setup();
    const seen: Record<string, string[]> = { created: [], deleted: [], categories: [], products: [] };
    receiver.on('CATEGORY_CREATED', (e) => seen.created?.push(e.type));
    receiver.on('category.deleted', (e) => seen.deleted?.push(e.type));
    receiver.on(['category.created', 'category.updated', 'category.deleted'], (e) =>
      seen.categories?.push(e.type),
    );
    receiver.on('product.updated', (e) => seen.products?.push(e.type));
    await receiver.handle(
      request(
        batchOf(['CATEGORY_CREATED', 'PRODUCT_WATCH_STATE', 'CATEGORY_WATCH_MOVE', 'CATEGORY_REMOVED']),
      ),
    );
    expect(seen).toEqual({
      created: ['CATEGORY_CREATED'],
      deleted: ['CATEGORY_REMOVED'],
      categories: ['CATEGORY_CREATED', 'CATEGORY_WATCH_MOVE', 'CATEGORY_REMOVED'],
      products: ['PRODUCT_WATCH_STATE'],
    });
  });

  it('sees handlers added and removed between deliveries', async () => {
    const { receiver } = setup();
    const calls: string[] = [];
    await receiver.handle(request(batchOf(['CATEGORY_REMOVED'], 1)));
    const off = receiver.on('category.deleted', (e: PimEvent) => calls.push(`late ${e.delivery.id}`));
    await receiver.handle(request(batchOf(['CATEGORY_REMOVED'], 2)));
    off();
    off();
    await receiver.handle(request(batchOf(['CATEGORY_REMOVED'], 3)));
    expect(calls).toHaveLength(1);
  });

  it('removes only the subscription it was returned for', async () => {
    const { receiver } = setup();
    let calls = 0;
    const handler = () => {
      calls++;
    };
    const first = receiver.on('CATEGORY_REMOVED', handler);
    receiver.on('category.deleted', handler);
    first();
    await receiver.handle(request(batchOf(['CATEGORY_REMOVED'])));
    expect(calls).toBe(1);
  });

  it('acknowledges events nobody subscribed to', async () => {
    const { receiver, errors } = setup();
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED', 'CATEGORY_REMOVED'])));
    expect(answer.status).toBe(200);
    expect(errors).toEqual([]);
  });

  it('refuses subscriptions that cannot work, at once', () => {
    const { receiver } = setup();
    // @ts-expect-error an empty name is no event name
    expect(() => receiver.on('', () => {})).toThrow(TypeError);
    // @ts-expect-error a handler must be a function
    expect(() => receiver.on('PRODUCT_CREATED', 'not a function')).toThrow(TypeError);
  });
});
