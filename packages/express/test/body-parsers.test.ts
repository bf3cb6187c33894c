import type { IncomingMessage } from 'node:http';
import { bluestoneBatch, sendDelivery, signBluestone, tamperBody } from '@pimhooks/testing';
import type { Request, RequestHandler, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { keepRawBody, pimWebhooks } from '../src/index.js';
import { expressMajors, type Served, serve } from './support/express.js';
import { type RecordingReceiver, recordingReceiver, SECRET } from './support/receiver.js';

/** Spacing and key order that JSON.stringify of the parsed object would not give back. */
const UNUSUAL_JSON =
  '{ "timestamp" : 1698151710541, "events":[{"changes":{"entityIds":["p-1"],"eventType":"PRODUCT_CREATED","createdProduct":{"type":"PRODUCT"}}}] }\n';

/** Shows what the parser left for a request the webhooks passed on. */
function echoParsed(req: Request, res: Response): void {
  res.json({ parsed: req.body ?? null });
}

describe.each(expressMajors)('raw body behind body parsers on $name', ({ express }) => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  /** An app whose parser runs before the webhooks. */
  async function behind(parser: RequestHandler, recording: RecordingReceiver = recordingReceiver()) {
    const app = express();
    app.use(parser);
    app.use(pimWebhooks(recording.receiver));
    app.use(echoParsed);
    served = await serve(app);
    return { ...recording, origin: served.origin, webhooks: `${served.origin}/webhooks` };
  }

  it('reads the untouched stream when the webhooks come first, leaving the parser to other routes', async () => {
    const recording = recordingReceiver();
    const app = express();
    app.use(pimWebhooks(recording.receiver));
    app.use(express.json());
    app.use(echoParsed);
    served = await serve(app);
    const answer = await sendDelivery(`${served.origin}/webhooks`, signBluestone(UNUSUAL_JSON, SECRET));
    expect(answer.status).toBe(200);
    expect(recording.events.map((e) => e.entityIds)).toEqual([['p-1']]);
    const api = await fetch(`${served.origin}/api/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sku":"A-1"}',
    });
    expect(await api.json()).toEqual({ parsed: { sku: 'A-1' } });
  });

  it('verifies the Buffer express.raw() kept, and refuses a forgery behind it', async () => {
    const { webhooks, events, errors } = await behind(express.raw({ type: '*/*' }));
    expect((await sendDelivery(webhooks, signBluestone(UNUSUAL_JSON, SECRET))).status).toBe(200);
    const delivery = bluestoneBatch(['CATEGORY_CREATED'], SECRET);
    expect((await sendDelivery(webhooks, tamperBody(delivery))).status).toBe(401);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_CREATED']);
    expect(errors.map((e) => e.code)).toEqual(['signature_invalid']);
  });

  it('reads the stream when express.raw() skipped a JSON content type', async () => {
    // express.raw() parses application/octet-stream only, unless told otherwise.
    const { webhooks, events } = await behind(express.raw());
    expect((await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_SYNC_DONE'], SECRET))).status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_SYNC_DONE']);
  });

  it('verifies req.rawBody kept by express.json({ verify: keepRawBody })', async () => {
    const { webhooks, events, errors } = await behind(express.json({ verify: keepRawBody }));
    const answer = await sendDelivery(webhooks, signBluestone(UNUSUAL_JSON, SECRET));
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(answer.status).toBe(200);
    expect(events.map((e) => e.entityIds)).toEqual([['p-1']]);
  });

  it('verifies req.rawBody kept by a verify hook written inline', async () => {
    const parser = express.json({
      verify: (req: IncomingMessage & { rawBody?: Buffer }, _res, buf) => {
        req.rawBody = buf;
      },
    });
    const { webhooks, events } = await behind(parser);
    const delivery = bluestoneBatch(['PRODUCT_WATCH_LABEL', 'CATEGORY_REMOVED'], SECRET);
    expect((await sendDelivery(webhooks, delivery)).status).toBe(200);
    expect((await sendDelivery(webhooks, tamperBody(delivery))).status).toBe(401);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_WATCH_LABEL', 'CATEGORY_REMOVED']);
  });

  it('verifies the string express.text() kept, non-ASCII text included', async () => {
    const { webhooks, events } = await behind(express.text({ type: '*/*' }));
    const body =
      '{"timestamp":1,"events":[{"changes":{"eventType":"CATEGORY_CREATED","entityIds":["c-ü"],"name":"Schuhe für Kinder ✓"}}]}';
    const answer = await sendDelivery(webhooks, signBluestone(body, SECRET));
    expect(answer.status).toBe(200);
    expect(events.map((e) => [e.type, e.entityIds])).toEqual([['CATEGORY_CREATED', ['c-ü']]]);
  });

  it('reads the stream when express.json() skipped a content type it does not parse', async () => {
    const { webhooks, events } = await behind(express.json());
    const delivery = bluestoneBatch(['PRODUCT_WATCH_STATE'], SECRET);
    const asOctets = {
      ...delivery,
      headers: { ...delivery.headers, 'content-type': 'application/octet-stream' },
    };
    expect((await sendDelivery(webhooks, asOctets)).status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_WATCH_STATE']);
  });

  it('answers 500 and reports once, naming the fix, when express.json() kept only the parsed object', async () => {
    const { webhooks, events, errors } = await behind(express.json());
    const answer = await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'raw_body_unavailable' });
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('raw_body_unavailable');
    expect(errors[0]?.source).toBe('bluestone');
    const message = errors[0]?.message ?? '';
    expect(message).toContain('app.use(pimWebhooks(receiver)); app.use(express.json())');
    expect(message).toContain('app.use(express.json({ verify: keepRawBody }))');
    expect(message).toContain('verify: (req, _res, buf) => { req.rawBody = buf }');
    expect(message).toContain("express.raw({ type: '*/*' })");
  });

  it('writes the raw-body report to the logger once when there is no onError', async () => {
    const logged: [level: string, message: string][] = [];
    const recording = recordingReceiver({
      onError: undefined,
      logger: {
        warn: (message) => logged.push(['warn', message]),
        error: (message) => logged.push(['error', message]),
      },
    });
    const { webhooks } = await behind(express.json(), recording);
    expect((await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET))).status).toBe(500);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.[0]).toBe('error');
    expect(logged[0]?.[1]).toContain('express.json({ verify: keepRawBody })');
  });

  it('answers 413 when the body a parser kept is over the limit', async () => {
    const { webhooks, events, errors } = await behind(
      express.raw({ type: '*/*' }),
      recordingReceiver({ maxBodyBytes: 64 }),
    );
    const answer = await sendDelivery(webhooks, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
    expect(answer.status).toBe(413);
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
  });
});
