import { bodyParser } from '@koa/bodyparser';
import { bluestoneBatch, sendDelivery, signBluestone } from '@pimhooks/testing';
import type Koa from 'koa';
import { koaBody } from 'koa-body';
import { afterEach, describe, expect, it } from 'vitest';
import { pimWebhooks } from '../src/index.js';
import { koaMajors, type Served, serve } from './support/koa.js';
import { type RecordingReceiver, recordingReceiver, SECRET } from './support/receiver.js';

/**
 * koa-body 6 declares its middleware with Koa 2's types (`@types/koa` 2), which Koa 3's `app.use`
 * refuses; the cast is what a Koa 3 TypeScript app writes too (see the README).
 */
function koaBodyParser(...options: Parameters<typeof koaBody>): Koa.Middleware {
  return koaBody(...options) as unknown as Koa.Middleware;
}

describe.each(koaMajors)('raw body behind body parsers on $name', ({ Koa }) => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  /** An app whose parser runs before the webhooks, with an echo route showing what the parser left. */
  async function behind(parser: Koa.Middleware, recording: RecordingReceiver = recordingReceiver()) {
    const app = new Koa();
    app.use(parser);
    app.use(pimWebhooks(recording.receiver));
    app.use((ctx) => {
      ctx.body = { parsed: ctx.request.body ?? null };
    });
    served = await serve(app);
    return { ...recording, origin: served.origin, webhooks: `${served.origin}/webhooks` };
  }

  it('reads the untouched stream when the webhooks come first, leaving the parser to other routes', async () => {
    const recording = recordingReceiver();
    const app = new Koa();
    app.use(pimWebhooks(recording.receiver));
    app.use(bodyParser());
    app.use((ctx) => {
      ctx.body = { parsed: ctx.request.body ?? null };
    });
    served = await serve(app);
    const answer = await sendDelivery(
      `${served.origin}/webhooks`,
      bluestoneBatch(['PRODUCT_CREATED'], SECRET),
    );
    expect(answer.status).toBe(200);
    expect(recording.events.map((e) => e.type)).toEqual(['PRODUCT_CREATED']);
    const api = await fetch(`${served.origin}/api/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sku":"A-1"}',
    });
    expect(await api.json()).toEqual({ parsed: { sku: 'A-1' } });
  });

  it("verifies @koa/bodyparser's ctx.request.rawBody when it parsed first", async () => {
    const { webhooks, events, errors } = await behind(bodyParser());
    // Spacing and key order that JSON.stringify of the parsed object would not reproduce.
    const body =
      '{ "timestamp" : 1698151710541, "events":[{"changes":{"entityIds":["p-1"],"eventType":"PRODUCT_CREATED","createdProduct":{"type":"PRODUCT"}}}] }';
    const answer = await sendDelivery(webhooks, signBluestone(body, SECRET));
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(answer.status).toBe(200);
    expect(events.map((e) => e.entityIds)).toEqual([['p-1']]);
  });

  it("verifies @koa/bodyparser's rawBody with patchNode, and refuses a forgery behind it", async () => {
    const { webhooks, events, errors } = await behind(bodyParser({ patchNode: true }));
    const delivery = bluestoneBatch(['CATEGORY_CREATED'], SECRET);
    expect((await sendDelivery(webhooks, delivery)).status).toBe(200);
    const forged = { ...delivery, body: delivery.body.replace('Shoes', 'Boots') };
    expect((await sendDelivery(webhooks, forged)).status).toBe(401);
    expect(events.map((e) => e.type)).toEqual(['CATEGORY_CREATED']);
    expect(errors.map((e) => e.code)).toEqual(['signature_invalid']);
  });

  it('reads the stream when @koa/bodyparser skipped a type it does not parse', async () => {
    const { webhooks, events } = await behind(bodyParser());
    const delivery = bluestoneBatch(['PRODUCT_SYNC_DONE'], SECRET);
    const asOctets = {
      ...delivery,
      headers: { ...delivery.headers, 'content-type': 'application/octet-stream' },
    };
    expect((await sendDelivery(webhooks, asOctets)).status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_SYNC_DONE']);
  });

  it("verifies koa-body's unparsed body with includeUnparsed: true", async () => {
    const { webhooks, events } = await behind(koaBodyParser({ includeUnparsed: true }));
    const body =
      '{"timestamp":1,"events":[{"changes":{"eventType":"CATEGORY_REMOVED","entityIds":["c-9"]}}]}\n';
    const answer = await sendDelivery(webhooks, signBluestone(body, SECRET));
    expect(answer.status).toBe(200);
    expect(events.map((e) => [e.type, e.entityIds])).toEqual([['CATEGORY_REMOVED', ['c-9']]]);
  });

  it('verifies the text koa-body kept for a text body', async () => {
    const { webhooks, events } = await behind(koaBodyParser({ text: true }));
    const delivery = bluestoneBatch(['PRODUCT_WATCH_LABEL'], SECRET);
    const asText = {
      ...delivery,
      headers: { ...delivery.headers, 'content-type': 'text/plain; charset=utf-8' },
    };
    expect((await sendDelivery(webhooks, asText)).status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_WATCH_LABEL']);
  });

  it('answers 500 with a report naming the fix when koa-body kept only the parsed object', async () => {
    const { webhooks, events, errors } = await behind(koaBodyParser());
    const answer = await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'raw_body_unavailable' });
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('raw_body_unavailable');
    expect(errors[0]?.message).toContain('app.use(pimWebhooks(receiver)); app.use(bodyParser())');
    expect(errors[0]?.message).toContain('koaBody({ includeUnparsed: true })');
  });

  it('answers 413 when the body a parser kept is over the limit', async () => {
    const { webhooks, events, errors } = await behind(bodyParser(), recordingReceiver({ maxBodyBytes: 64 }));
    const answer = await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(answer.status).toBe(413);
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
  });
});
