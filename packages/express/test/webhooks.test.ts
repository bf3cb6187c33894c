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
import type { NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { pimWebhooks } from '../src/index.js';
import { expressMajors, type Served, serve } from './support/express.js';
import { postStreamed, sendIncomplete } from './support/http.js';
import { recordingReceiver, SECRET } from './support/receiver.js';

/** Placed after the webhooks: proves a request was passed on with `next()`. */
function fallthrough(req: Request, res: Response): void {
  res.status(418).send(`passed on: ${req.method} ${req.originalUrl}`);
}

describe.each(expressMajors)('pimWebhooks on $name', ({ express, major, packageName }) => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  async function start(recording = recordingReceiver(), path?: string) {
    const app = express();
    app.use(pimWebhooks(recording.receiver, path === undefined ? {} : { path }));
    app.use(fallthrough);
    served = await serve(app);
    return { ...recording, origin: served.origin, webhooks: `${served.origin}${path ?? '/webhooks'}` };
  }

  it(`runs on the installed Express ${major}`, () => {
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
    expect(bluestoneExamples).toHaveLength(25);
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
  });

  it('answers 401 without detail to a forged or unsigned delivery, and runs no handler', async () => {
    const { webhooks, events, errors } = await start();
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET);
    const forged = await sendDelivery(webhooks, tamperBody(delivery));
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toEqual({ ok: false, error: 'unauthorized' });
    const wrongSecret = await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], 'not-the-secret'));
    expect(wrongSecret.status).toBe(401);
    const { 'x-bs-signature': _, ...unsigned } = delivery.headers;
    const missing = await sendDelivery(webhooks, { ...delivery, headers: unsigned });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: 'unauthorized' });
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual([
      'signature_invalid',
      'signature_invalid',
      'signature_missing',
    ]);
  });

  it('answers 400 to a signed body that is not JSON or not the Bluestone envelope', async () => {
    const { webhooks, events, errors } = await start();
    const notJson = await sendDelivery(webhooks, signBluestone('{"events": [', SECRET));
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toEqual({ ok: false, error: 'invalid_json' });
    const notEnvelope = await sendDelivery(webhooks, signBluestone('{"hello":"world"}', SECRET));
    expect(notEnvelope.status).toBe(400);
    expect(JSON.parse(notEnvelope.body)).toEqual({ ok: false, error: 'invalid_envelope' });
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['invalid_json', 'invalid_envelope']);
  });

  it('answers 413 and closes the connection when the declared body is over the limit', async () => {
    const { webhooks, events, errors } = await start(recordingReceiver({ maxBodyBytes: 64 }));
    const answer = await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'payload_too_large' });
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
  });

  it('answers 413 for a streamed body without a length once it passes the limit', async () => {
    const { webhooks, events, errors } = await start(recordingReceiver({ maxBodyBytes: 64 }));
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET);
    const response = await postStreamed(`${webhooks}/bluestone`, delivery.headers, delivery.body);
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(events).toEqual([]);
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
    const put = await fetch(`${webhooks}/bluestone`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST');
    const get = await fetch(`${webhooks}/bluestone`);
    expect(get.status).toBe(405);
    expect(errors.map((e) => e.code)).toEqual(['method_not_allowed', 'method_not_allowed']);
  });

  it('passes unknown sources and unrelated paths and methods on to next()', async () => {
    const { origin, webhooks, errors } = await start();
    for (const path of ['/webhooks/acme', '/webhooks', '/webhooksbluestone', '/health', '/']) {
      const response = await fetch(`${origin}${path}`, { method: 'POST', body: '{}' });
      expect(response.status, path).toBe(418);
      expect(await response.text(), path).toBe(`passed on: POST ${path}`);
    }
    const get = await fetch(`${origin}/api/products?page=2`);
    expect(await get.text()).toBe('passed on: GET /api/products?page=2');
    const unknown = await sendDelivery(webhooks, {
      ...bluestoneBatch(['PRODUCT_CREATED'], SECRET),
      source: 'x',
    });
    expect(unknown.status).toBe(418);
    expect(errors).toEqual([]);
  });

  it("leaves an unknown source to Express's own 404 when nothing else answers", async () => {
    const { receiver, errors } = recordingReceiver();
    const app = express();
    app.use(pimWebhooks(receiver));
    served = await serve(app);
    const response = await sendDelivery(`${served.origin}/webhooks`, {
      ...bluestoneBatch(['PRODUCT_CREATED'], SECRET),
      source: 'akeneo',
    });
    expect(response.status).toBe(404);
    expect(response.body).toContain('Cannot POST /webhooks/akeneo');
    expect(errors).toEqual([]);
  });

  it('serves under a custom mount path only', async () => {
    const { origin, events } = await start(undefined, '/pim/hooks/');
    const delivery = bluestoneBatch(['CATEGORY_CREATED'], SECRET);
    expect((await sendDelivery(`${origin}/pim/hooks`, delivery)).status).toBe(200);
    expect((await sendDelivery(`${origin}/webhooks`, delivery)).status).toBe(418);
    expect(events.map((e) => e.type)).toEqual(['CATEGORY_CREATED']);
  });

  it('matches its path below the point where it is mounted with app.use(path, ...)', async () => {
    const { receiver, events } = recordingReceiver();
    const app = express();
    app.use('/internal', pimWebhooks(receiver, { path: '/pim' }));
    app.use(fallthrough);
    served = await serve(app);
    const delivery = bluestoneBatch(['PRODUCT_WATCH_LABEL'], SECRET);
    expect((await sendDelivery(`${served.origin}/internal/pim`, delivery)).status).toBe(200);
    expect((await sendDelivery(`${served.origin}/pim`, delivery)).status).toBe(418);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_WATCH_LABEL']);
  });

  it('answers 503 + Retry-After when a handler fails, reports it, and processes the retry', async () => {
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

  it("keeps a handler's failure away from Express's error handlers: the policy answers it", async () => {
    const recording = recordingReceiver();
    recording.receiver.on('CATEGORY_CREATED', () => {
      throw new Error('search index down');
    });
    const seenByExpress: unknown[] = [];
    const app = express();
    app.use(pimWebhooks(recording.receiver));
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      seenByExpress.push(error);
      res.status(500).send('express error handler');
    });
    served = await serve(app);
    const answer = await sendDelivery(
      `${served.origin}/webhooks`,
      bluestoneBatch(['CATEGORY_CREATED'], SECRET),
    );
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('60');
    expect(seenByExpress).toEqual([]);
    expect(recording.errors.map((e) => [e.code, (e.cause as Error).message])).toEqual([
      ['handler_failed', 'search index down'],
    ]);
  });

  it("hands an unexpected error (a bug, not a delivery problem) to Express's error handlers", async () => {
    const receiver = createPimReceiver({ sources: [echoSource({ brokenAnswer: true })], logger: false });
    const seenByExpress: string[] = [];
    const app = express();
    app.use(pimWebhooks(receiver));
    app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      seenByExpress.push(error.message);
      res.status(500).send('express error handler');
    });
    served = await serve(app);
    const response = await fetch(`${served.origin}/webhooks/echo`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('express error handler');
    expect(seenByExpress).toEqual(['echo answer policy is broken']);
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
