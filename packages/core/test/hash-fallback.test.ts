import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// A runtime without `crypto.hash` (Node before 20.12, older Bun and Deno): pimhooks must load and
// give the same digests through `createHash` and `createHmac`.
vi.mock('../src/crypto/one-shot-hash.js', () => ({
  oneShotHash: undefined,
  digestOf: (algorithm: string, data: Uint8Array | string, encoding: 'hex' | 'base64url') =>
    createHash(algorithm).update(data).digest(encoding),
}));

const { HmacKey } = await import('../src/crypto/hmac-key.js');
const { contentHash } = await import('../src/crypto/content-hash.js');

describe('without crypto.hash', () => {
  it('computes the same HMACs and content hashes', () => {
    const body = Buffer.from('{"timestamp":1,"events":[]}');
    for (const algorithm of ['sha256', 'sha384', 'sha512'] as const) {
      expect(new HmacKey(algorithm, 'secret').hex(body)).toBe(
        createHmac(algorithm, 'secret').update(body).digest('hex'),
      );
    }
    expect(contentHash(body)).toBe(createHash('sha256').update(body).digest('base64url').slice(0, 22));
  });
});
