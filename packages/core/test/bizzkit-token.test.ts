import { describe, expect, it } from 'vitest';
import {
  type BizzkitTestAlgorithm,
  type BizzkitTestEncryption,
  bizzkitToken,
  signBizzkit,
  tamperToken,
} from '../../testing/src/bizzkit.js';
import { deliverTo, type TestDelivery } from '../../testing/src/delivery.js';
import { type BizzkitOptions, bizzkit, PimConfigurationError } from '../src/index.js';
import { recordingReceiver, SECRET_32, SECRET_40, SECRET_64 } from './support/bizzkit-fixtures.js';

// Tokens come from packages/testing/src/bizzkit.ts, written with node:crypto: not the JOSE library
// the source verifies with.

const EVENT = 'ProductCatalogueItemCreated';
const PAYLOAD = { id: 4711, name: 'Espresso cup' };

async function send(
  delivery: TestDelivery,
  options: Partial<BizzkitOptions> = {},
  secret: BizzkitOptions['secret'] = SECRET_32,
) {
  const ctx = recordingReceiver([bizzkit({ secret, ...options })]);
  const answer = await deliverTo(ctx.receiver, delivery);
  return { ...ctx, answer };
}

async function expectRefused(
  delivery: TestDelivery,
  code: 'token_missing' | 'token_invalid' | 'token_expired',
  options: Partial<BizzkitOptions> = {},
  secret = SECRET_32,
) {
  const { answer, events, errors } = await send(delivery, options, secret);
  expect(answer.status).toBe(401);
  expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'unauthorized' });
  expect(events).toHaveLength(0);
  expect(errors.map((e) => e.code)).toEqual([code]);
  const token = delivery.headers.authorization?.replace(/^Bearer /, '') ?? '';
  for (const part of token.split('.').filter((p) => p.length > 8))
    expect(errors[0]?.message).not.toContain(part);
  expect(errors[0]?.message).not.toContain(secret);
  return errors[0]!;
}

describe('bizzkit token: signed (JWS)', () => {
  it.each<BizzkitTestAlgorithm>(['HS256', 'HS384', 'HS512'])(
    'accepts a token signed with %s',
    async (alg) => {
      const { answer, events } = await send(signBizzkit(EVENT, PAYLOAD, SECRET_32, { alg }));
      expect(answer.status).toBe(200);
      expect(events.map((e) => [e.source, e.type])).toEqual([['bizzkit', EVENT]]);
    },
  );

  it('refuses a token whose signature was altered', async () => {
    const token = tamperToken(bizzkitToken({ secret: SECRET_32 }));
    await expectRefused(signBizzkit(EVENT, PAYLOAD, SECRET_32, { token }), 'token_invalid');
  });

  it('refuses a token signed with another secret', async () => {
    const error = await expectRefused(
      signBizzkit(EVENT, PAYLOAD, 'another-secret-of-at-least-32-characters'),
      'token_invalid',
    );
    expect(error.message).toMatch(/signature does not match/);
  });

  it('accepts either secret during a rotation', async () => {
    const old = 'the-old-secret-still-configured-on-some-webhooks';
    for (const secret of [SECRET_32, old]) {
      const { answer } = await send(signBizzkit(EVENT, PAYLOAD, secret), {}, [SECRET_32, old]);
      expect(answer.status).toBe(200);
    }
  });

  it('refuses a request without Authorization header', async () => {
    const delivery = signBizzkit(EVENT, PAYLOAD, SECRET_32);
    const { authorization: _, ...headers } = delivery.headers;
    await expectRefused({ ...delivery, headers }, 'token_missing');
  });

  it('refuses another scheme than Bearer', async () => {
    const delivery = signBizzkit(EVENT, PAYLOAD, SECRET_32);
    const token = delivery.headers.authorization!.slice('Bearer '.length);
    await expectRefused(
      { ...delivery, headers: { ...delivery.headers, authorization: `Basic ${token}` } },
      'token_missing',
    );
  });

  it('refuses an Authorization header sent twice', async () => {
    const { receiver, errors } = recordingReceiver([bizzkit({ secret: SECRET_32 })]);
    const auth = `Bearer ${bizzkitToken({ secret: SECRET_32 })}`;
    const answer = await receiver.handle({
      source: 'bizzkit',
      method: 'POST',
      headers: { authorization: [auth, auth] },
      body: '{}',
      pathSegments: [EVENT],
    });
    expect(answer.status).toBe(401);
    expect(errors.map((e) => e.code)).toEqual(['token_invalid']);
  });

  it('refuses something that is not a JWT', async () => {
    const delivery = signBizzkit(EVENT, PAYLOAD, SECRET_32, { token: 'abc.def' });
    await expectRefused(delivery, 'token_invalid');
  });

  it('refuses an expired token beyond the default 5 minute tolerance', async () => {
    await expectRefused(signBizzkit(EVENT, PAYLOAD, SECRET_32, { expiresIn: -400 }), 'token_expired');
  });

  it('accepts a token expired within the tolerance (clock skew)', async () => {
    const { answer } = await send(signBizzkit(EVENT, PAYLOAD, SECRET_32, { expiresIn: -200 }));
    expect(answer.status).toBe(200);
  });

  it('applies a configured tolerance', async () => {
    const delivery = signBizzkit(EVENT, PAYLOAD, SECRET_32, { expiresIn: -60 });
    await expectRefused(delivery, 'token_expired', { clockToleranceSeconds: 10 });
  });

  it('refuses a token without exp', async () => {
    const error = await expectRefused(
      signBizzkit(EVENT, PAYLOAD, SECRET_32, { expiresIn: null }),
      'token_invalid',
    );
    expect(error.message).toMatch(/"exp"/);
  });

  it('honours nbf: refuses a token not valid yet, beyond the tolerance', async () => {
    const error = await expectRefused(
      signBizzkit(EVENT, PAYLOAD, SECRET_32, { notBefore: 900, expiresIn: 1200 }),
      'token_invalid',
    );
    expect(error.message).toMatch(/nbf/);
    const { answer } = await send(signBizzkit(EVENT, PAYLOAD, SECRET_32, { notBefore: 60, expiresIn: 1200 }));
    expect(answer.status).toBe(200);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const error = await expectRefused(
      signBizzkit(EVENT, PAYLOAD, SECRET_32, { alg: 'none' }),
      'token_invalid',
    );
    expect(error.message).toMatch(/unsigned/);
  });

  it.each<BizzkitTestAlgorithm>(['RS256', 'ES256'])('refuses a token with an %s header', async (alg) => {
    const error = await expectRefused(signBizzkit(EVENT, PAYLOAD, SECRET_32, { alg }), 'token_invalid');
    expect(error.message).toContain(alg);
  });

  it('refuses algorithms left out of `algorithms`', async () => {
    await expectRefused(signBizzkit(EVENT, PAYLOAD, SECRET_32, { alg: 'HS256' }), 'token_invalid', {
      algorithms: ['HS512'],
    });
  });

  it('checks the issuer only when configured', async () => {
    const delivery = signBizzkit(EVENT, PAYLOAD, SECRET_32, { claims: { iss: 'someone-else' } });
    expect((await send(delivery)).answer.status).toBe(200);
    await expectRefused(delivery, 'token_invalid', { issuer: 'bizzkit-pim' });
  });
});

describe('bizzkit token: encrypted (JWE, dir)', () => {
  it.each<[BizzkitTestEncryption, string]>([
    ['A128CBC-HS256', SECRET_32],
    ['A256GCM', SECRET_32],
    ['A256CBC-HS512', SECRET_64],
  ])('accepts a signed token encrypted with %s', async (encrypt, secret) => {
    const delivery = signBizzkit(EVENT, PAYLOAD, secret, { encrypt, alg: 'HS512' });
    expect(delivery.headers.authorization!.split('.')).toHaveLength(5);
    const { answer, events } = await send(delivery, {}, secret);
    expect(answer.status).toBe(200);
    expect(events.map((e) => e.type)).toEqual([EVENT]);
  });

  it('refuses an encrypted token whose authentication tag was altered', async () => {
    const token = tamperToken(bizzkitToken({ secret: SECRET_32, encrypt: 'A128CBC-HS256' }));
    const error = await expectRefused(signBizzkit(EVENT, PAYLOAD, SECRET_32, { token }), 'token_invalid');
    expect(error.message).toMatch(/could not be decrypted/);
  });

  it('refuses an encrypted token made with another secret of the same length', async () => {
    const other = 'x'.repeat(32);
    await expectRefused(signBizzkit(EVENT, PAYLOAD, other, { encrypt: 'A256GCM' }), 'token_invalid');
  });

  it('refuses, and explains, an encryption whose key length the secret cannot have', async () => {
    const delivery = signBizzkit(EVENT, PAYLOAD, SECRET_40, {
      encrypt: 'A128CBC-HS256',
      encryptionKey: new TextEncoder().encode(SECRET_32),
    });
    const error = await expectRefused(delivery, 'token_invalid', {}, SECRET_40);
    expect(error.message).toMatch(/needs a 32-byte key.*40 bytes/);
  });

  it('refuses an encrypted token that wraps an unsigned one', async () => {
    const delivery = signBizzkit(EVENT, PAYLOAD, SECRET_32, { encrypt: 'A256GCM', alg: 'none' });
    await expectRefused(delivery, 'token_invalid');
  });

  it('checks the lifetime of the inner token', async () => {
    const delivery = signBizzkit(EVENT, PAYLOAD, SECRET_32, { encrypt: 'A256GCM', expiresIn: -3600 });
    await expectRefused(delivery, 'token_expired');
  });
});

describe('bizzkit configuration', () => {
  it('refuses a secret shorter than 32 characters, without showing it', () => {
    const secret = 'short-secret-31-characters-long';
    expect(secret).toHaveLength(31);
    expect(() => bizzkit({ secret })).toThrow(PimConfigurationError);
    expect(() => bizzkit({ secret })).toThrow(/at least 32 characters/);
    try {
      bizzkit({ secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
    expect(() => bizzkit({ secret: [SECRET_32, secret] })).toThrow(PimConfigurationError);
  });

  it.each<[string, Partial<BizzkitOptions>]>([
    ['a success status other than 200/204', { successStatus: 201 as 200 }],
    ['a failure status Bizzkit would not retry', { failureStatus: 400 }],
    ['an ack deadline past Bizzkit’s 10 s', { ackDeadlineMs: 10_000 }],
    ['a negative clock tolerance', { clockToleranceSeconds: -1 }],
    ['an asymmetric algorithm', { algorithms: ['RS256' as 'HS256'] }],
  ])('refuses %s', (_, options) => {
    expect(() => bizzkit({ secret: SECRET_32, ...options })).toThrow(PimConfigurationError);
  });
});
