import { request } from 'node:http';
import { createRequire } from 'node:module';
import { bluestone, createPimReceiver, PimConfigurationError } from '@pimhooks/core';
import {
  bluestoneBatch,
  bluestoneExamples,
  type EchoData,
  echoSource,
  sendDelivery,
  signBluestone,
  tamperBody,
} from '@pimhooks/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { pimWebhooks } from '../src/index.js';
import { fallthrough, koaMajors, type Served, serve } from './support/koa.js';
import { recordingReceiver, SECRET } from './support/receiver.js';

/** Send raw bytes with a declared length and never finish: the body stays incomplete. */
function sendIncomplete(
  origin: string,
  path: string,
): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '1000' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      req.destroy();
    });
    req.on('error', reject);
    req.write('{"timestamp":1,');
  });
}

describe.each(koaMajors)('pimWebhooks on $name', ({ Koa, major, packageName }) => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  async function start(recording = recordingReceiver(), path?: string) {
    const app = new Koa();
    app.use(pimWebhooks(recording.receiver, path === undefined ? {} : { path }));
    app.use(fallthrough);
    served = await serve(app);
    return { ...recording, origin: served.origin, webhooks: `${served.origin}${path ?? '/webhooks'}` };
  }

  it(`runs on the installed Koa ${major}`, async () => {
    const { version } = createRequire(import.meta.url)(`${packageName}/package.json`) as { version: string };
    expect(version.split('.')[0]).toBe(String(major));
  });

  it('handles every documented Bluestone example with typed, normalized events', async () => {
    const { webhooks, events, errors } = await start();
    for (const example of bluestoneExamples) {
      const answer = await sendDelivery(webhooks, signBluestone(example.body, SECRET));
      expect(answer.status, example.type).toBe(200);
      expect(JSON.parse(answer.body), example.type).toEqual({ ok: true, events: 1, duplicates: 0 });
    }
    expect(events.map((e) => e.type)).toEqual(bluestoneExamples.map((e) => e.type));
    expect(events.map((e) => e.entityIds)).toEqual(
      bluestoneExamples.map((e) => e.body.events[0]?.changes.entityIds),
    );
    expect(events.every((e) => e.source === 'bluestone' && e.topic !== undefined)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('handles a batch as one event per item, and drops its retry as duplicates', async () => {
    const { webhooks, events } = await start();
    const batch = bluestoneBatch(['PRODUCT_CREATED', 'CATEGORY_REMOVED', 'PRODUCT_WATCH_STATE'], SECRET);
    const first = await sendDelivery(webhooks, batch);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ ok: true, events: 3, duplicates: 0 });
    const retry = await sendDelivery(webhooks, batch);
    expect(retry.status).toBe(200);
    expect(JSON.parse(retry.body)).toEqual({ ok: true, events: 3, duplicates: 3 });
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_CREATED', 'CATEGORY_REMOVED', 'PRODUCT_WATCH_STATE']);
    expect(events.map((e) => e.topic)).toEqual(['product.created', 'category.deleted', 'product.updated']);
  });

  it('refuses forged and unsigned deliveries with a bare 401', async () => {
    const { webhooks, events, errors } = await start();
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET);
    const forged = await sendDelivery(webhooks, tamperBody(delivery));
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toEqual({ ok: false, error: 'unauthorized' });
    const wrongSecret = await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], 'not-the-secret'));
    expect(wrongSecret.status).toBe(401);
    const { 'x-bs-signature': _, ...unsignedHeaders } = delivery.headers;
    const unsigned = await sendDelivery(webhooks, { ...delivery, headers: unsignedHeaders });
    expect(unsigned.status).toBe(401);
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual([
      'signature_invalid',
      'signature_invalid',
      'signature_missing',
    ]);
  });

  it('answers 400 to a signed body that is not JSON or not a Bluestone envelope', async () => {
    const { webhooks, events, errors } = await start();
    const notJson = await sendDelivery(webhooks, signBluestone('{"timestamp": 1, "events": [', SECRET));
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toEqual({ ok: false, error: 'invalid_json' });
    const notEnvelope = await sendDelivery(webhooks, signBluestone('{"hello":"world"}', SECRET));
    expect(notEnvelope.status).toBe(400);
    expect(JSON.parse(notEnvelope.body)).toEqual({ ok: false, error: 'invalid_envelope' });
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['invalid_json', 'invalid_envelope']);
  });

  it('answers 413 and closes the connection when the body is over the limit', async () => {
    const { webhooks, events, errors } = await start(recordingReceiver({ maxBodyBytes: 64 }));
    const answer = await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'payload_too_large' });
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
  });

  it('answers 413 for a streamed body without a length once it passes the limit', async () => {
    const { webhooks, errors } = await start(recordingReceiver({ maxBodyBytes: 64 }));
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET);
    const bytes = new TextEncoder().encode(delivery.body);
    const response = await fetch(`${webhooks}/bluestone`, {
      method: 'POST',
      headers: delivery.headers,
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
  });

  it('answers 408 and closes the connection when the body never completes', async () => {
    const { origin, errors } = await start(recordingReceiver({ bodyTimeoutMs: 150 }));
    const answer = await sendIncomplete(origin, '/webhooks/bluestone');
    expect(answer).toEqual({ status: 408, connection: 'close' });
    expect(errors.map((e) => e.code)).toEqual(['body_timeout']);
  });

  it('answers 405 with Allow to a method Bluestone does not use', async () => {
    const { webhooks, errors } = await start();
    const response = await fetch(`${webhooks}/bluestone`, { method: 'PUT', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const get = await fetch(`${webhooks}/bluestone`);
    expect(get.status).toBe(405);
    expect(errors.map((e) => e.code)).toEqual(['method_not_allowed', 'method_not_allowed']);
  });

  it('passes unknown sources and unrelated paths on to next()', async () => {
    const { origin, webhooks, errors } = await start();
    for (const path of ['/webhooks/acme', '/webhooks', '/webhooksbluestone', '/health', '/']) {
      const response = await fetch(`${origin}${path}`, { method: 'POST', body: '{}' });
      expect(response.status, path).toBe(418);
      expect(await response.text(), path).toBe(`passed on: ${path}`);
    }
    const other = await sendDelivery(webhooks, {
      ...bluestoneBatch(['PRODUCT_CREATED'], SECRET),
      source: 'x',
    });
    expect(other.status).toBe(418);
    expect(errors).toEqual([]);
  });

  it('serves under a custom mount path only', async () => {
    const { origin, events } = await start(undefined, '/pim/hooks/');
    const delivery = bluestoneBatch(['CATEGORY_CREATED'], SECRET);
    expect((await sendDelivery(`${origin}/pim/hooks`, delivery)).status).toBe(200);
    expect((await sendDelivery(`${origin}/webhooks`, delivery)).status).toBe(418);
    expect(events.map((e) => e.type)).toEqual(['CATEGORY_CREATED']);
  });

  it('answers 503 + Retry-After when a handler fails, and processes the retry', async () => {
    const recording = recordingReceiver();
    let calls = 0;
    recording.receiver.on('PRODUCT_CREATED', (event) => {
      calls++;
      if (calls === 1) throw new Error(`downstream unavailable for ${event.data.entityIds[0]}`);
    });
    const { webhooks, events, errors } = await start(recording);
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET);
    const failed = await sendDelivery(webhooks, delivery);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('60');
    expect(JSON.parse(failed.body)).toEqual({ ok: false, error: 'handler_failed' });
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
    const retried = await sendDelivery(webhooks, delivery);
    expect(retried.status).toBe(200);
    expect(JSON.parse(retried.body)).toEqual({ ok: true, events: 1, duplicates: 0 });
    expect(calls).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_CREATED', 'PRODUCT_CREATED']);
  });

  it('passes the method, path segments, query and exact bytes to the source', async () => {
    const echo = createPimReceiver({ sources: [echoSource()], logger: false });
    const seen: EchoData[] = [];
    echo.onAny((event) => {
      seen.push(event.data as EchoData);
    });
    const { webhooks } = await start({ receiver: echo, events: [], errors: [] });
    const body = '{"name":"Tür ✓"}';
    const response = await fetch(`${webhooks}/echo/Product%20Created/k1?a=1&b=two`, { method: 'PUT', body });
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ method: 'PUT', segments: ['Product Created', 'k1'], query: 'a=1&b=two', body }]);
  });

  it('refuses to be set up without a receiver', () => {
    expect(() => pimWebhooks(undefined as never)).toThrow(PimConfigurationError);
    expect(() =>
      pimWebhooks(createPimReceiver({ sources: [bluestone({ secret: SECRET })], logger: false })),
    ).not.toThrow();
  });
});
