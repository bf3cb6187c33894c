import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { request, setup, sign } from './helpers/bluestone.js';

const POLICY_STATUSES = new Set([200, 400, 401, 404, 405, 413, 503]);

describe('property: arbitrary input never breaks the receiver', () => {
  it('arbitrary bytes, headers and methods: no throw, a policy status, no handler without a valid signature', async () => {
    const { receiver } = setup();
    let handled = 0;
    receiver.onAny(() => {
      handled++;
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.dictionary(
          fc.string({ maxLength: 20 }),
          fc.oneof(fc.string({ maxLength: 80 }), fc.array(fc.string(), { maxLength: 3 })),
        ),
        fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'post', 'BREW'),
        async (body, headers, method) => {
          const answer = await receiver.handle({ source: 'bluestone', method, headers, body });
          expect(POLICY_STATUSES.has(answer.status)).toBe(true);
          expect(handled).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary JSON, correctly signed: no throw, 2xx or 400, and handlers only for valid envelopes', async () => {
    const { receiver } = setup();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (value) => {
        const answer = await receiver.handle(request(JSON.stringify(value)));
        expect([200, 400]).toContain(answer.status);
      }),
      { numRuns: 300 },
    );
  });

  it('valid envelopes with arbitrary extra fields and unknown types are always acknowledged', async () => {
    const { receiver } = setup();
    const extra = fc.dictionary(
      fc.string({ maxLength: 10 }).filter((k) => !['eventType', 'entityIds', '__proto__'].includes(k)),
      fc.jsonValue({ maxDepth: 3 }),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            type: fc.stringMatching(/^[A-Z_]{3,30}$/),
            ids: fc.array(fc.string(), { maxLength: 3 }),
            extra,
          }),
          {
            maxLength: 5,
          },
        ),
        fc.integer({ min: 0, max: 2 ** 42 }),
        async (items, timestamp) => {
          const events = items.map((i) => ({
            changes: { ...i.extra, eventType: `X_${i.type}`, entityIds: i.ids },
          }));
          const answer = await receiver.handle(request({ timestamp, events }));
          expect(answer.status).toBe(200);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a signature over other bytes never passes', async () => {
    const { receiver } = setup();
    let handled = 0;
    receiver.onAny(() => {
      handled++;
    });
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.string({ maxLength: 100 }),
        async (signed, sent) => {
          fc.pre(signed !== sent);
          const body = `{"timestamp":1,"events":[{"changes":{"eventType":"CATEGORY_REMOVED","entityIds":[${JSON.stringify(sent)}]}}]}`;
          const answer = await receiver.handle({
            source: 'bluestone',
            method: 'POST',
            headers: { 'x-bs-signature': sign(signed) },
            body,
          });
          expect(answer.status).toBe(401);
        },
      ),
      { numRuns: 200 },
    );
    expect(handled).toBe(0);
  });
});
