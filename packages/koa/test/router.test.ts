import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
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
import { pimWebhook } from '../src/index.js';
import { koaMajors, type Served, serve } from './support/koa.js';
import { recordingReceiver, SECRET } from './support/receiver.js';

describe.each(koaMajors)('pimWebhook with @koa/router on $name', ({ Koa }) => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  async function start(recording = recordingReceiver()) {
    const router = new Router();
    router.post('/hooks/bluestone', pimWebhook(recording.receiver, 'bluestone'));
    // A JSON API beside the webhook, with its parser on its own routes.
    const api = new Router({ prefix: '/api' });
    api.use(bodyParser());
    api.post('/notes', (ctx) => {
      ctx.status = 201;
      ctx.body = { saved: ctx.request.body };
    });
    const app = new Koa();
    app.use(router.routes()).use(router.allowedMethods());
    app.use(api.routes()).use(api.allowedMethods());
    served = await serve(app);
    return { ...recording, origin: served.origin, hooks: `${served.origin}/hooks` };
  }

  it('handles every documented Bluestone example on its route', async () => {
    const { hooks, events } = await start();
    for (const example of bluestoneExamples) {
      expect((await sendDelivery(hooks, signBluestone(example.body, SECRET))).status, example.type).toBe(200);
    }
    expect(events.map((e) => e.type)).toEqual(bluestoneExamples.map((e) => e.type));
  });

  it('handles a batch, drops duplicates, refuses forgeries and bad JSON', async () => {
    const { hooks, events, errors } = await start();
    const batch = bluestoneBatch(['PRODUCT_CREATED', 'PRODUCT_WATCH_VARIANT'], SECRET);
    expect(JSON.parse((await sendDelivery(hooks, batch)).body)).toEqual({
      ok: true,
      events: 2,
      duplicates: 0,
    });
    expect(JSON.parse((await sendDelivery(hooks, batch)).body)).toEqual({
      ok: true,
      events: 2,
      duplicates: 2,
    });
    expect((await sendDelivery(hooks, tamperBody(batch))).status).toBe(401);
    expect((await sendDelivery(hooks, signBluestone('not json', SECRET))).status).toBe(400);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_CREATED', 'PRODUCT_WATCH_VARIANT']);
    expect(errors.map((e) => e.code)).toEqual(['signature_invalid', 'invalid_json']);
  });

  it('answers 413 over the limit, and leaves other methods and paths to the router', async () => {
    const { origin, hooks, errors } = await start(recordingReceiver({ maxBodyBytes: 32 }));
    const tooLarge = await sendDelivery(hooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('connection')).toBe('close');
    const put = await fetch(`${hooks}/bluestone`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST');
    expect((await fetch(`${origin}/hooks/akeneo`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
  });

  it('answers 503 + Retry-After when a handler fails, and processes the retry', async () => {
    const recording = recordingReceiver();
    let calls = 0;
    recording.receiver.on('bluestone:CATEGORY_CREATED', (event) => {
      calls++;
      if (calls === 1) throw new Error(`search index down for ${event.data.name}`);
    });
    const { hooks, errors } = await start(recording);
    const delivery = bluestoneBatch(['CATEGORY_CREATED'], SECRET);
    const failed = await sendDelivery(hooks, delivery);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('60');
    expect((await sendDelivery(hooks, delivery)).status).toBe(200);
    expect(calls).toBe(2);
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
  });

  it('keeps the API routes and their body parser working', async () => {
    const { origin } = await start();
    const response = await fetch(`${origin}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hello"}',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ saved: { text: 'hello' } });
  });

  it('passes route parameters as path segments, or what `segments` picks', async () => {
    const receiver = createPimReceiver({ sources: [echoSource()], logger: false });
    const seen: EchoData[] = [];
    receiver.onAny((event) => {
      seen.push(event.data as EchoData);
    });
    const router = new Router();
    router.post('/in/echo/:event/:key', pimWebhook(receiver, 'echo'));
    router.post('/tenants/:tenant/echo', pimWebhook(receiver, 'echo', { segments: () => [] }));
    const app = new Koa();
    app.use(router.routes());
    served = await serve(app);
    await fetch(`${served.origin}/in/echo/Item%20Created/k-1?x=1`, { method: 'POST', body: 'a' });
    await fetch(`${served.origin}/tenants/acme/echo`, { method: 'POST', body: 'b' });
    expect(seen).toEqual([
      { method: 'POST', segments: ['Item Created', 'k-1'], query: 'x=1', body: 'a' },
      { method: 'POST', segments: [], query: '', body: 'b' },
    ]);
  });

  it('refuses a source the receiver does not have, at setup', () => {
    const receiver = createPimReceiver({ sources: [bluestone({ secret: SECRET })], logger: false });
    expect(() => pimWebhook(receiver, 'akeneo')).toThrow(PimConfigurationError);
    expect(() => pimWebhook(receiver, 'akeneo')).toThrow('(configured: bluestone)');
    expect(() => pimWebhook(receiver, 'bluestone')).not.toThrow();
  });
});
