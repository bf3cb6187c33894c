import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createPimReceiver,
  defaultAnswer,
  type PimErrorContext,
  type PimRequest,
  type PimSource,
  type PimWebhookError,
  silentLogger,
} from '../src/index.js';
import { batchOf, CapturingLogger, request, setup } from './helpers/bluestone.js';

const signedBody = JSON.stringify(batchOf(['PRODUCT_CREATED']));

/** A request variant for each class of rejection, with the code and status it must produce. */
const REJECTIONS: [string, PimRequest, string, number][] = [
  ['unknown source', { ...request(signedBody), source: 'acme' }, 'unknown_source', 404],
  ['wrong method', { ...request(signedBody), method: 'PUT' }, 'method_not_allowed', 405],
  ['missing signature', { ...request(signedBody), headers: {} }, 'signature_missing', 401],
  ['wrong signature', { ...request(signedBody), body: `${signedBody} ` }, 'signature_invalid', 401],
  ['invalid JSON', request('{"events":'), 'invalid_json', 400],
  ['not an envelope', request('{"events":{}}'), 'invalid_envelope', 400],
  [
    'invalid event',
    request({ timestamp: 1, events: [{ changes: { eventType: 'PRODUCT_WATCH_LABEL', entityIds: ['a'] } }] }),
    'invalid_event',
    400,
  ],
];

describe('every rejection is reported exactly once', () => {
  it.each(REJECTIONS)('%s: one onError call and one log line with the code', async (_, req, code, status) => {
    const { receiver, errors, contexts, logger } = setup();
    const answer = await receiver.handle(req);
    expect(answer.status).toBe(status);
    expect(errors.map((e) => [e.code, e.status])).toEqual([[code, status]]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn /);
    expect(logger.lines[0]).toContain(`"code":"${code}"`);
    expect(contexts[0]?.event).toBeUndefined();
  });

  it('hands the raw bytes of a refused delivery to onError, and keeps them out of the log', async () => {
    const { receiver, contexts, logger } = setup();
    const body =
      '{"timestamp":1,"events":[{"changes":{"eventType":"PRODUCT_WATCH_LABEL","entityIds":["customer-data-42"]}}]}';
    await receiver.handle(request(body));
    const [context] = contexts as [PimErrorContext];
    expect(context.source).toBe('bluestone');
    expect(Buffer.from(context.body ?? []).toString('utf8')).toBe(body);
    expect(context.deliveryId).toBe(createHash('sha256').update(body).digest('base64url').slice(0, 22));
    expect(logger.lines.join('\n')).not.toContain('customer-data-42');
    expect(logger.lines[0]).toContain(context.deliveryId);
  });

  it('reports a handler failure at error level with the event, its id and type', async () => {
    const { receiver, errors, contexts, logger } = setup();
    receiver.on('PRODUCT_CREATED', () => {
      throw new Error('warehouse API down');
    });
    const answer = await receiver.handle(request(signedBody));
    expect(answer.status).toBe(503);
    expect(errors).toHaveLength(1);
    const [error] = errors as [PimWebhookError];
    const [context] = contexts as [PimErrorContext];
    expect(error.code).toBe('handler_failed');
    expect(context.event?.type).toBe('PRODUCT_CREATED');
    expect(error.eventId).toBe(context.event?.id);
    expect(context.deliveryId).toBe(context.event?.delivery.id);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^error /);
    expect(logger.lines[0]).toContain(`"eventId":"${context.event?.id}"`);
    expect(logger.lines[0]).toContain('"eventType":"PRODUCT_CREATED"');
  });

  it('calls every onError hook, stops calling one once removed, and survives hooks that throw or reject', async () => {
    const { receiver, errors, logger } = setup();
    const seen: string[] = [];
    const off = receiver.onError((error) => {
      seen.push(`removable ${error.code}`);
    });
    receiver.onError(() => {
      throw new Error('sync hook failure');
    });
    receiver.onError(async () => {
      throw new Error('async hook failure');
    });
    const first = await receiver.handle(request('{'));
    off();
    const second = await receiver.handle({ ...request('{}'), headers: {} });
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.status).toBe(400);
    expect(second.status).toBe(401);
    expect(errors.map((e) => e.code)).toEqual(['invalid_json', 'signature_missing']);
    expect(seen).toEqual(['removable invalid_json']);
    const hookFailures = logger.lines.filter((line) => line.includes('An onError handler threw.'));
    expect(hookFailures).toHaveLength(4);
    expect(hookFailures.join('\n')).toContain('sync hook failure');
    expect(hookFailures.join('\n')).toContain('async hook failure');
  });

  it('turns a source that throws something unexpected into a reported 500, never a throw', async () => {
    const logger = new CapturingLogger();
    const errors: PimWebhookError[] = [];
    const broken: PimSource<'broken'> = {
      name: 'broken',
      methods: ['POST'],
      ackDeadlineMs: undefined,
      verify: () => undefined,
      decode: () => {
        throw new TypeError('a bug in a custom source');
      },
      toEvents: () => [],
      answer: (outcome) => defaultAnswer(outcome),
    };
    const receiver = createPimReceiver({ sources: [broken], logger, onError: (e) => errors.push(e) });
    const answer = await receiver.handle({ source: 'broken', method: 'POST', headers: {}, body: '{}' });
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'internal_error' });
    expect(answer.body).not.toContain('a bug in a custom source');
    expect(errors.map((e) => e.code)).toEqual(['internal_error']);
    expect((errors[0]?.cause as Error | undefined)?.message).toBe('a bug in a custom source');
    expect(logger.lines[0]).toMatch(/^error /);
  });

  it('writes nowhere when logger is false, and still calls onError', async () => {
    const errors: PimWebhookError[] = [];
    const { receiver } = setup({}, { logger: false, onError: (e) => errors.push(e) });
    expect(receiver.options.logger).toBe(silentLogger);
    const answer = await receiver.handle(request('{'));
    expect(answer.status).toBe(400);
    expect(errors.map((e) => e.code)).toEqual(['invalid_json']);
  });

  it('still answers, and still calls onError, when the logger throws; the failure becomes a process warning', async () => {
    const errors: PimWebhookError[] = [];
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const throwing = {
        warn: () => {
          throw new Error('log sink closed');
        },
        error: () => {
          throw new Error('log sink closed');
        },
      };
      const { receiver } = setup({}, { logger: throwing, onError: (e) => errors.push(e) });
      const answer = receiver.respond(request('{'));
      expect(answer).not.toBeInstanceOf(Promise);
      expect((answer as { status: number }).status).toBe(400);
      expect(errors.map((e) => e.code)).toEqual(['invalid_json']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => (w as Error & { code?: string }).code)).toEqual(['PIMHOOKS_LOGGER_FAILED']);
      expect(warnings[0]?.message).toContain('log sink closed');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it("lets a bug in a source's own answer policy surface, after reporting what it was answering", async () => {
    const errors: PimWebhookError[] = [];
    const fussy: PimSource<'fussy'> = {
      name: 'fussy',
      methods: ['POST'],
      ackDeadlineMs: undefined,
      verify: () => undefined,
      decode: () => {
        throw new TypeError('undecodable');
      },
      toEvents: () => [],
      answer: (outcome) => {
        if (outcome.kind === 'rejected') throw new Error('a bug in the answer policy');
        return defaultAnswer(outcome);
      },
    };
    const receiver = createPimReceiver({ sources: [fussy], logger: false, onError: (e) => errors.push(e) });
    const request = { source: 'fussy', method: 'POST', headers: {}, body: '{}' } as const;
    expect(() => receiver.respond(request)).toThrow('a bug in the answer policy');
    await expect(receiver.handle(request)).rejects.toThrow('a bug in the answer policy');
    expect(errors.map((e) => e.code)).toEqual(['internal_error', 'internal_error']);
  });
});
