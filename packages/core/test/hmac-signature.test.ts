import { createHmac, createSecretKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSignatureMatches } from '../src/index.js';

const algorithms = ['sha256', 'sha384', 'sha512'] as const;

/** Every way a sender may write the same HMAC, as `hmacSignatureMatches` documents them. */
function spellings(digest: Buffer, prefix: string): string[] {
  const hex = digest.toString('hex');
  const base64 = digest.toString('base64');
  return [
    hex,
    hex.toUpperCase(),
    base64,
    base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    `${prefix}${hex}`,
    `${prefix.toUpperCase()}${base64}`,
    ` ${hex} `,
  ];
}

/**
 * The same text with one character changed to another of the same alphabet, among its first
 * `within` characters (the last base64 characters may carry unused bits, which decoders ignore).
 */
function altered(text: string, at: number, within = text.length): string {
  const i = at % within;
  const replacement = text[i] === '0' ? '1' : '0';
  return text.slice(0, i) + replacement + text.slice(i + 1);
}

describe('hmacSignatureMatches', () => {
  it('matches every spelling of the right HMAC, under any listed key, for each algorithm', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...algorithms),
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.boolean(),
        (algorithm, body, secret, asKeyObject) => {
          const digest = createHmac(algorithm, secret).update(body).digest();
          const key = asKeyObject ? createSecretKey(Buffer.from(secret)) : secret;
          for (const value of spellings(digest, `${algorithm}=`)) {
            expect(hmacSignatureMatches(algorithm, ['another-key', key], body, value, `${algorithm}=`)).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a signature with any one character changed, or made under another key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...algorithms),
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        (algorithm, body, at) => {
          const digest = createHmac(algorithm, 'right-key').update(body).digest();
          const hex = digest.toString('hex');
          expect(hmacSignatureMatches(algorithm, ['right-key'], body, altered(hex, at))).toBe(false);
          expect(
            hmacSignatureMatches(algorithm, ['right-key'], body, altered(digest.toString('base64'), at, 40)),
          ).toBe(false);
          expect(hmacSignatureMatches(algorithm, ['wrong-key'], body, hex)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses values that are not a digest: empty, garbage, truncated, over-long, non-hex of hex length', () => {
    const body = Buffer.from('{"events":[]}');
    const hex = createHmac('sha256', 'k').update(body).digest('hex');
    for (const value of [
      '',
      '   ',
      'sha256=',
      'not a signature!',
      hex.slice(0, 40),
      `${hex}00`,
      'g'.repeat(64),
      // Space is allowed around the whole value only, not between the prefix and the digest.
      `sha256= ${hex}`,
      `sha256=\t${hex}`,
      `${hex.slice(0, 32)} ${hex.slice(32)}`,
    ]) {
      expect(hmacSignatureMatches('sha256', ['k'], body, value, 'sha256=')).toBe(false);
    }
  });
});
