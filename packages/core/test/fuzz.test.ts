import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLUESTONE_EVENT_TYPES, type PimEvent } from '../src/index.js';
import { batchOf, bluestoneExamples, request, SECRET, setup, sign, signBytes } from './helpers/bluestone.js';

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

  it('signature headers of every kind on every kind of body: a handler runs only for a valid signature on a POST', async () => {
    const { receiver } = setup({}, { maxBodyBytes: 4096 });
    let handled = 0;
    receiver.onAny(() => {
      handled++;
    });
    const envelope = fc
      .tuple(fc.subarray([...BLUESTONE_EVENT_TYPES], { minLength: 1, maxLength: 4 }), fc.nat())
      .map(([types, timestamp]) => JSON.stringify(batchOf(types, timestamp)));
    const body = fc.oneof(
      envelope,
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }),
    );
    type Signer = (bytes: Uint8Array) => { header: string | string[] | undefined; valid: boolean };
    const hmacOf = (bytes: Uint8Array, secret: string, encoding: 'hex' | 'base64') =>
      createHmac('sha256', secret).update(bytes).digest(encoding);
    const signer = fc.oneof(
      fc.constant<Signer>((b) => ({ header: hmacOf(b, SECRET, 'hex'), valid: true })),
      fc.constant<Signer>((b) => ({ header: `sha256=${hmacOf(b, SECRET, 'base64')}`, valid: true })),
      fc.constant<Signer>((b) => ({ header: hmacOf(b, 'wrong', 'hex'), valid: false })),
      fc.constant<Signer>((b) => ({
        header: [hmacOf(b, SECRET, 'hex'), hmacOf(b, SECRET, 'hex')],
        valid: false,
      })),
      fc.constant<Signer>(() => ({ header: undefined, valid: false })),
      fc.string({ maxLength: 90 }).map<Signer>((text) => () => ({ header: text, valid: false })),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map<Signer>((random) => () => ({
        header: Buffer.from(random).toString('hex'),
        valid: false,
      })),
      // A signature over other bytes: the body is changed after signing.
      fc.constant<Signer>((b) => ({ header: signBytes(new Uint8Array([...b, 0x20])), valid: false })),
    );
    const method = fc.constantFrom('POST', 'post', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
    await fc.assert(
      fc.asyncProperty(body, signer, method, fc.boolean(), async (raw, signWith, verb, asBytes) => {
        const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
        const { header, valid } = signWith(bytes);
        const before = handled;
        const answer = await receiver.handle({
          source: 'bluestone',
          method: verb,
          headers: header === undefined ? {} : { 'x-bs-signature': header },
          body: asBytes || typeof raw !== 'string' ? bytes : raw,
        });
        expect(POLICY_STATUSES.has(answer.status)).toBe(true);
        if (handled > before) {
          expect(valid).toBe(true);
          expect(verb.toUpperCase()).toBe('POST');
        }
        if (!valid && verb.toUpperCase() === 'POST') expect(answer.status).toBe(401);
        if (valid && verb.toUpperCase() === 'POST') expect(answer.status).not.toBe(401);
      }),
      { numRuns: 400 },
    );
  });

  it('documented events with arbitrary extra fields at every level are acknowledged and keep their typed fields', async () => {
    const reserved = new Set(['__proto__', 'timestamp', 'events', 'changes']);
    const extra = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !reserved.has(k) && !/[A-Z]/.test(k[0] ?? '')),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 3 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bluestoneExamples),
        extra,
        extra,
        extra,
        fc.nat(),
        async (example, atEnvelope, atEvent, atChanges, timestamp) => {
          const changes = structuredClone(example.body.events[0]!.changes);
          // Extra keys only where the schema has no field of that name.
          const added = Object.fromEntries(Object.entries(atChanges).filter(([k]) => !(k in changes)));
          const body = {
            ...atEnvelope,
            timestamp,
            events: [{ ...atEvent, changes: { ...added, ...changes } }],
          };
          // A fresh receiver each run: two runs may draw the same body, which would be a duplicate.
          const { receiver } = setup();
          const seen: PimEvent[] = [];
          receiver.onAny((event) => {
            seen.push(event);
          });
          const answer = await receiver.handle(request(body));
          expect(seen).toHaveLength(1);
          expect(answer.status).toBe(200);
          const [event] = seen as [PimEvent];
          expect(event.type).toBe(example.type);
          expect(event.entityIds).toEqual(changes.entityIds);
          expect(event.occurredAt?.getTime()).toBe(timestamp);
          // Compared with what arrives through JSON: a -0 drawn by the generator arrives as 0, and
          // `__proto__` keys nested in the extra values are dropped while parsing, by design.
          const arrived = JSON.parse(JSON.stringify(added), (key, value) =>
            key === '__proto__' ? undefined : value,
          );
          expect(event.data).toMatchObject(arrived);
        },
      ),
      { numRuns: 300 },
    );
  });
});
