import { createHmac, createSecretKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacKey, hmacMatchesAny, hmacSignatureMatches, PimConfigurationError } from '../src/index.js';

const algorithms = ['sha256', 'sha384', 'sha512'] as const;

describe('HmacKey', () => {
  it('computes exactly what createHmac computes, for any key length and message', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...algorithms),
        // Keys shorter than, equal to and longer than the 64- and 128-byte blocks.
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.uint8Array({ maxLength: 600 }), { minLength: 1, maxLength: 4 }),
        (algorithm, secret, messages) => {
          const key = new HmacKey(algorithm, secret);
          // One key, several messages in a row: each MAC starts from the prepared blocks again.
          for (const message of messages) {
            const expected = createHmac(algorithm, secret).update(message).digest();
            expect(key.hex(message)).toBe(expected.toString('hex'));
            expect(key.digest(message).equals(expected)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with createHmac at the edges of its buffer, and past it, in any order', () => {
    const secret = 'rotating-secret';
    for (const algorithm of algorithms) {
      const key = new HmacKey(algorithm, secret);
      const sizes = [0, 1, 63, 64, 65, 127, 128, 129, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 1 << 20, 3];
      for (const size of sizes) {
        const message = Buffer.alloc(size, size % 251);
        expect(key.hex(message)).toBe(createHmac(algorithm, secret).update(message).digest('hex'));
      }
    }
  });

  it('takes a string (as UTF-8), bytes or a secret KeyObject, and leaves the caller’s bytes as they were', () => {
    const text = 'søl-ørn ✓';
    const bytes = Buffer.from(text, 'utf8');
    const expected = createHmac('sha256', bytes).update('body').digest('hex');
    const copy = Buffer.from(bytes);
    const message = Buffer.from('body');
    expect(new HmacKey('sha256', text).hex(message)).toBe(expected);
    expect(new HmacKey('sha256', bytes).hex(message)).toBe(expected);
    expect(new HmacKey('sha256', createSecretKey(bytes)).hex(message)).toBe(expected);
    expect(bytes.equals(copy)).toBe(true);
  });

  it('refuses an unknown algorithm and an asymmetric key, saying what to pass', () => {
    expect(() => new HmacKey('md5' as 'sha256', 'k')).toThrow(PimConfigurationError);
    expect(() => new HmacKey('md5' as 'sha256', 'k')).toThrow(/sha256, sha384 or sha512/);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => new HmacKey('sha256', privateKey)).toThrow(/secret key/);
  });

  it('serves hmacMatchesAny and hmacSignatureMatches beside raw secrets, for its own algorithm only', () => {
    const body = Buffer.from('{"events":[]}');
    const hex = createHmac('sha256', 'right').update(body).digest('hex');
    const keys = [new HmacKey('sha256', 'old'), new HmacKey('sha256', 'right')];
    expect(hmacSignatureMatches('sha256', keys, body, `sha256=${hex}`, 'sha256=')).toBe(true);
    expect(hmacSignatureMatches('sha256', [keys[0] as HmacKey, 'other'], body, hex)).toBe(false);
    expect(hmacMatchesAny('sha256', ['other', ...keys], body, Buffer.from(hex, 'hex'))).toBe(true);
    expect(() => hmacSignatureMatches('sha512', keys, body, hex)).toThrow(
      /made for sha256 was passed to check a sha512/,
    );
  });
});
