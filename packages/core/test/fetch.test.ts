import { describe, expect, it } from 'vitest';
import { createFetchHandler } from '../src/index.js';
import { batchOf, bluestoneExamples, setup, sign } from './helpers/bluestone.js';

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

  it('handles every documented example, and acknowledges a retry of the same bytes as duplicates', async () => {
    const { handler, handled } = serve();
    for (const example of bluestoneExamples) {
      const body = JSON.stringify(example.body);
      const init = { method: 'POST', body, headers: { 'x-bs-signature': sign(body) } };
      expect((await handler(new Request(url, init))).status, example.type).toBe(200);
      const retry = await handler(new Request(url, init));
      expect(await retry.json()).toEqual({ ok: true, events: 1, duplicates: 1 });
    }
    expect(handled).toEqual(bluestoneExamples.map((e) => e.type));
  });

  it('answers each refusal with its status, headers and a body that reveals nothing', async () => {
    const { handler, handled, errors } = serve({ maxBodyBytes: 500 });
    const body = JSON.stringify(batchOf(['PRODUCT_CREATED']));
    const signed = { 'x-bs-signature': sign(body) };

    const unknown = await handler(new Request('http://localhost/hooks/acme', { method: 'POST', body }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error: 'unknown_source' });

    const wrongMethod = await handler(new Request(url, { method: 'PUT', body, headers: signed }));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');

    const unsigned = await handler(new Request(url, { method: 'POST', body }));
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toBe('{"ok":false,"error":"unauthorized"}');

    const declared = await handler(
      new Request(url, { method: 'POST', body, headers: { ...signed, 'content-length': '1000000' } }),
    );
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');

    const notJson = await handler(
      new Request(url, { method: 'POST', body: '{', headers: { 'x-bs-signature': sign('{') } }),
    );
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ ok: false, error: 'invalid_json' });

    expect(handled).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual([
      'unknown_source',
      'method_not_allowed',
      'signature_missing',
      'payload_too_large',
      'invalid_json',
    ]);
  });

  it('answers a failing handler 503 with Retry-After', async () => {
    const ctx = setup();
    ctx.receiver.onAny(() => {
      throw new Error('down');
    });
    const handler = createFetchHandler(ctx.receiver);
    const body = JSON.stringify(batchOf(['CATEGORY_REMOVED']));
    const response = await handler(
      new Request('http://localhost/webhooks/bluestone', {
        method: 'POST',
        body,
        headers: { 'x-bs-signature': sign(body) },
      }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
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
