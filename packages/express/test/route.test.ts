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
import { paramSegments, pimWebhook } from '../src/index.js';
import { expressMajors, type Served, serve } from './support/express.js';
import { recordingReceiver, SECRET } from './support/receiver.js';

/** Route paths whose syntax changed between the majors (path-to-regexp 0.1 vs 8). */
const WILDCARD_ROUTE = { 5: '/in/echo/:event/*rest', 4: '/in/echo/:event/*' } as const;

describe.each(expressMajors)('pimWebhook on a route of $name', ({ express, major }) => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  async function start(recording = recordingReceiver()) {
    const app = express();
    app.post('/hooks/bluestone', pimWebhook(recording.receiver, 'bluestone'));
    // A JSON API beside the webhook, with its parser on its own routes.
    app.post('/api/notes', express.json(), (req, res) => {
      res.status(201).json({ saved: req.body });
    });
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

  it('answers 413 over the limit; other paths and methods are left to Express', async () => {
    const { origin, hooks, errors } = await start(recordingReceiver({ maxBodyBytes: 32 }));
    const tooLarge = await sendDelivery(hooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('connection')).toBe('close');
    // The route is POST only: Express itself answers other methods and paths.
    expect((await fetch(`${hooks}/bluestone`, { method: 'PUT', body: '{}' })).status).toBe(404);
    expect((await fetch(`${origin}/hooks/akeneo`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
  });

  it('answers 405 with Allow when mounted for every method with app.all', async () => {
    const { receiver, errors } = recordingReceiver();
    const app = express();
    app.all('/hooks/bluestone', pimWebhook(receiver, 'bluestone'));
    served = await serve(app);
    const put = await fetch(`${served.origin}/hooks/bluestone`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST');
    expect(errors.map((e) => e.code)).toEqual(['method_not_allowed']);
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

  it('keeps the API route and its JSON parser working beside the webhook', async () => {
    const { origin } = await start();
    const response = await fetch(`${origin}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hello"}',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ saved: { text: 'hello' } });
  });

  it('passes route parameters as path segments, wildcards split, or what `segments` picks', async () => {
    const receiver = createPimReceiver({ sources: [echoSource()], logger: false });
    const seen: EchoData[] = [];
    receiver.onAny((event) => {
      seen.push(event.data as EchoData);
    });
    const app = express();
    app.post('/in/echo/:event/key/:key', pimWebhook(receiver, 'echo'));
    app.post(WILDCARD_ROUTE[major], pimWebhook(receiver, 'echo'));
    app.post('/tenants/:tenant/echo', pimWebhook(receiver, 'echo', { segments: () => [] }));
    served = await serve(app);
    await fetch(`${served.origin}/in/echo/Item%20Created/key/k-1?x=1`, { method: 'POST', body: 'a' });
    await fetch(`${served.origin}/in/echo/Deleted/a/b%20c`, { method: 'POST', body: 'b' });
    await fetch(`${served.origin}/tenants/acme/echo`, { method: 'POST', body: 'c' });
    expect(seen).toEqual([
      { method: 'POST', segments: ['Item Created', 'k-1'], query: 'x=1', body: 'a' },
      { method: 'POST', segments: ['Deleted', 'a', 'b c'], query: '', body: 'b' },
      { method: 'POST', segments: [], query: '', body: 'c' },
    ]);
  });

  it('takes the path left below its mount point as segments under app.use(path, ...)', async () => {
    const receiver = createPimReceiver({ sources: [echoSource()], logger: false });
    const seen: EchoData[] = [];
    receiver.onAny((event) => {
      seen.push(event.data as EchoData);
    });
    const app = express();
    app.use('/hooks/echo', pimWebhook(receiver, 'echo'));
    served = await serve(app);
    await fetch(`${served.origin}/hooks/echo`, { method: 'POST', body: 'a' });
    await fetch(`${served.origin}/hooks/echo/Product%20Created/k1/?q=1`, { method: 'PUT', body: 'b' });
    expect(seen).toEqual([
      { method: 'POST', segments: [], query: '', body: 'a' },
      { method: 'PUT', segments: ['Product Created', 'k1'], query: 'q=1', body: 'b' },
    ]);
  });

  it('works on an express.Router mounted under a prefix', async () => {
    const receiver = createPimReceiver({ sources: [echoSource()], logger: false });
    const seen: EchoData[] = [];
    receiver.onAny((event) => {
      seen.push(event.data as EchoData);
    });
    const router = express.Router();
    router.all('/:event', pimWebhook(receiver, 'echo'));
    const app = express();
    app.use('/hooks/echo', router);
    served = await serve(app);
    const response = await fetch(`${served.origin}/hooks/echo/Item%20Deleted?id=7`, {
      method: 'PUT',
      body: 'r',
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ method: 'PUT', segments: ['Item Deleted'], query: 'id=7', body: 'r' }]);
  });

  it('hands an error thrown by a `segments` function to Express', async () => {
    const { receiver, events } = recordingReceiver();
    const app = express();
    app.post(
      '/hooks/bluestone',
      pimWebhook(receiver, 'bluestone', {
        segments: () => {
          throw new Error('no tenant');
        },
      }),
    );
    app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).send(`express saw: ${error.message}`);
    });
    served = await serve(app);
    const answer = await sendDelivery(`${served.origin}/hooks`, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(answer.status).toBe(500);
    expect(answer.body).toBe('express saw: no tenant');
    expect(events).toEqual([]);
  });

  it('refuses a source the receiver does not have, at setup', () => {
    const receiver = createPimReceiver({ sources: [bluestone({ secret: SECRET })], logger: false });
    expect(() => pimWebhook(receiver, 'akeneo')).toThrow(PimConfigurationError);
    expect(() => pimWebhook(receiver, 'akeneo')).toThrow('(configured: bluestone)');
    expect(() => pimWebhook(undefined as never, 'bluestone')).toThrow(PimConfigurationError);
    expect(() => pimWebhook(receiver, 'bluestone')).not.toThrow();
  });
});

describe('paramSegments', () => {
  it('puts named parameters first, in order, then unnamed matches split at slashes', () => {
    expect(paramSegments({ 0: 'a/b', event: 'E', key: 'k' })).toEqual(['E', 'k', 'a', 'b']);
    expect(paramSegments({ event: 'E', rest: ['x', 'y z'] })).toEqual(['E', 'x', 'y z']);
    expect(paramSegments({ slashed: 'a/b', missing: undefined })).toEqual(['a/b']);
    expect(paramSegments(undefined)).toEqual([]);
  });
});
