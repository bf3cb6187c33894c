import { describe, expect, it } from 'vitest';
import { createFetchHandler } from '../src/index.js';
import { batchOf, setup, sign } from './helpers/bluestone.js';

function serve(options = {}) {
  const ctx = setup({}, options);
  const handled: string[] = [];
  ctx.receiver.onAny((event) => {
    handled.push(event.type);
  });
  return { ...ctx, handled, handler: createFetchHandler(ctx.receiver, { path: '/hooks' }) };
}

const url = 'http://localhost/hooks/bluestone';

describe('createFetchHandler', () => {
  it('handles a signed delivery', async () => {
    const { handler, handled } = serve();
    const body = JSON.stringify(batchOf(['PRODUCT_CREATED', 'CATEGORY_REMOVED']));
    const response = await handler(
      new Request(url, { method: 'POST', body, headers: { 'x-bs-signature': sign(body) } }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, events: 2, duplicates: 0 });
    expect(handled).toEqual(['PRODUCT_CREATED', 'CATEGORY_REMOVED']);
  });

  it('refuses forgeries, unknown paths, wrong methods and large bodies', async () => {
    const { handler, handled } = serve({ maxBodyBytes: 500 });
    const body = JSON.stringify(batchOf(['PRODUCT_CREATED']));
    const forged = await handler(
      new Request(url, { method: 'POST', body, headers: { 'x-bs-signature': sign('x') } }),
    );
    expect(forged.status).toBe(401);
    expect((await handler(new Request('http://localhost/other', { method: 'POST', body }))).status).toBe(404);
    expect((await handler(new Request(url, { method: 'GET' }))).status).toBe(405);
    const large = 'z'.repeat(2000);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(large));
        controller.close();
      },
    });
    const tooLarge = await handler(
      new Request(url, { method: 'POST', body: streamed, duplex: 'half' } as RequestInit & {
        duplex: 'half';
      }),
    );
    expect(tooLarge.status).toBe(413);
    expect(handled).toEqual([]);
  });

  it('answers 408 when the body stalls', async () => {
    const { handler, errors } = serve({ bodyTimeoutMs: 100 });
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"timestamp":'));
      },
    });
    const response = await handler(
      new Request(url, { method: 'POST', body: stalled, duplex: 'half' } as RequestInit & { duplex: 'half' }),
    );
    expect(response.status).toBe(408);
    expect(errors[0]?.code).toBe('body_timeout');
  });
});
