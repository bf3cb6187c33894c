import { describe, expect, it } from 'vitest';
import { bluestone, PimConfigurationError } from '../src/index.js';
import { batchOf, request, SECRET, setup, sign } from './helpers/bluestone.js';

const body = JSON.stringify(batchOf(['PRODUCT_CREATED']));

async function attempt(headers: Record<string, string | string[]>, text = body, options = {}) {
  const { receiver, errors, logger } = setup(options);
  let handled = 0;
  receiver.onAny(() => {
    handled++;
  });
  const answer = await receiver.handle({ source: 'bluestone', method: 'POST', headers, body: text });
  return { answer, errors, logger, handled };
}

describe('x-bs-signature', () => {
  it.each([
    ['lowercase hex', sign(body)],
    ['uppercase hex', sign(body).toUpperCase()],
    ['base64', sign(body, SECRET, 'base64')],
    ['base64url', sign(body, SECRET, 'base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
    ['sha256= prefix', `sha256=${sign(body)}`],
    ['SHA256= prefix, base64', `SHA256=${sign(body, SECRET, 'base64')}`],
    ['Sha256= prefix, uppercase hex', `Sha256=${sign(body).toUpperCase()}`],
    ['surrounding spaces', `  ${sign(body)} `],
  ])('accepts %s', async (_, signature) => {
    const { answer, handled } = await attempt({ 'x-bs-signature': signature });
    expect(answer.status).toBe(200);
    expect(handled).toBe(1);
  });

  it('accepts any of several secrets (rotation)', async () => {
    for (const secret of ['old-secret', 'new-secret']) {
      const { answer } = await attempt({ 'x-bs-signature': sign(body, secret) }, body, {
        secret: ['new-secret', 'old-secret'],
      });
      expect(answer.status).toBe(200);
    }
  });

  it.each([
    ['missing', {}, 'signature_missing'],
    ['empty', { 'x-bs-signature': '' }, 'signature_missing'],
    ['sent twice', { 'x-bs-signature': [sign(body), sign(body)] }, 'signature_invalid'],
    ['signed with another secret', { 'x-bs-signature': sign(body, 'another-secret') }, 'signature_invalid'],
    ['garbage', { 'x-bs-signature': 'not a signature!' }, 'signature_invalid'],
    ['truncated', { 'x-bs-signature': sign(body).slice(0, 40) }, 'signature_invalid'],
    ['over-long', { 'x-bs-signature': 'a'.repeat(5000) }, 'signature_invalid'],
  ])('refuses a signature %s with 401 and no detail', async (_, headers, code) => {
    const { answer, errors, handled } = await attempt(headers as Record<string, string>);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'unauthorized' });
    expect(handled).toBe(0);
    expect(errors.map((e) => e.code)).toEqual([code]);
  });

  it('refuses a body changed by one byte after signing', async () => {
    const tampered = body.replace('Product A', 'Product B');
    const { answer, handled } = await attempt({ 'x-bs-signature': sign(body) }, tampered);
    expect(answer.status).toBe(401);
    expect(handled).toBe(0);
  });

  it('verifies the exact bytes: re-serialized JSON with the same meaning is refused', async () => {
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    const { answer } = await attempt({ 'x-bs-signature': sign(body) }, reformatted);
    expect(answer.status).toBe(401);
  });

  it('refuses a signature made with none of the rotated secrets', async () => {
    const { answer, handled, errors } = await attempt(
      { 'x-bs-signature': sign(body, 'retired-secret') },
      body,
      {
        secret: ['new-secret', 'old-secret', 'older-secret'],
      },
    );
    expect(answer.status).toBe(401);
    expect(handled).toBe(0);
    expect(errors.map((e) => e.code)).toEqual(['signature_invalid']);
  });

  it('keeps secrets and signatures out of every refusal: answer, error and log', async () => {
    const rotated = ['rotated-secret-one', 'rotated-secret-two'];
    const expected = sign(body);
    const cases: Record<string, string | string[]>[] = [
      {},
      { 'x-bs-signature': sign(body, 'attacker') },
      { 'x-bs-signature': `sha256=${sign(body, 'attacker', 'base64')}` },
      { 'x-bs-signature': [expected, sign(body, 'attacker')] },
      { 'x-bs-signature': expected.slice(0, 63) },
      { 'x-bs-signature': 'definitely not a signature' },
    ];
    for (const headers of cases) {
      const { answer, errors, logger } = await attempt(headers, `${body} `, { secret: [SECRET, ...rotated] });
      expect(answer.status).toBe(401);
      expect(answer.body).toBe('{"ok":false,"error":"unauthorized"}');
      expect(errors).toHaveLength(1);
      const sent = Object.values(headers).flat();
      const written = [
        answer.body,
        JSON.stringify(answer.headers),
        ...errors.map((e) => `${e.message} ${String(e.cause ?? '')} ${e.stack ?? ''}`),
        ...logger.lines,
      ].join('\n');
      const expectedNow = sign(`${body} `);
      const forbidden = [SECRET, ...rotated, expected, expectedNow, sign(`${body} `, SECRET, 'base64')];
      for (const value of [...forbidden, ...sent.filter((v) => v.length >= 16)]) {
        expect(written).not.toContain(value);
        expect(written).not.toContain(value.slice(0, 16));
      }
    }
  });

  it('never writes the secret or a signature into errors or logs', async () => {
    const expected = sign(body);
    const wrong = sign(body, 'attacker');
    const { errors, logger } = await attempt({ 'x-bs-signature': wrong });
    const written = [...errors.map((e) => `${e.message} ${String(e.cause ?? '')}`), ...logger.lines].join(
      '\n',
    );
    expect(written).toContain('signature_invalid');
    for (const secret of [SECRET, expected, wrong, expected.slice(0, 16), wrong.slice(0, 16)]) {
      expect(written).not.toContain(secret);
    }
  });

  it.each([
    ['a negative retryAfterSeconds', { retryAfterSeconds: -1 }],
    ['a fractional retryAfterSeconds', { retryAfterSeconds: 1.5 }],
    ['a NaN retryAfterSeconds', { retryAfterSeconds: Number.NaN }],
    ['a zero ackDeadlineMs', { ackDeadlineMs: 0 }],
    ['an infinite ackDeadlineMs', { ackDeadlineMs: Number.POSITIVE_INFINITY }],
    ['a negative maxAgeMs', { maxAgeMs: -1 }],
  ])('refuses %s at setup', (_, options) => {
    expect(() => bluestone({ secret: SECRET, ...options })).toThrow(PimConfigurationError);
  });

  it('accepts a Retry-After of 0 seconds', () => {
    expect(() => bluestone({ secret: SECRET, retryAfterSeconds: 0 })).not.toThrow();
  });

  it('refuses empty secrets at setup', () => {
    expect(() => bluestone({ secret: '' })).toThrow(PimConfigurationError);
    expect(() => bluestone({ secret: [] })).toThrow(PimConfigurationError);
    expect(() => bluestone({ secret: ['ok', ''] })).toThrow(PimConfigurationError);
  });

  it('verifies before parsing: an unsigned invalid body is 401, not 400', async () => {
    const { answer } = await attempt({}, '{not json');
    expect(answer.status).toBe(401);
  });

  it('accepts a header record written with any case', async () => {
    const { answer } = await attempt({ 'X-BS-Signature': sign(body) });
    expect(answer.status).toBe(200);
  });

  it('reads Fetch Headers too', async () => {
    const { receiver } = setup();
    const answer = await receiver.handle({
      ...request(body),
      headers: new Headers({ 'x-bs-signature': sign(body) }),
    });
    expect(answer.status).toBe(200);
  });
});
