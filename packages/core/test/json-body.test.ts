import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, PimWebhookError, parseJsonBody } from '../src/index.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));
const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function refusal(body: Uint8Array): PimWebhookError {
  try {
    parseJsonBody(body, 'bluestone');
  } catch (error) {
    if (error instanceof PimWebhookError) return error;
    throw error;
  }
  throw new Error('parseJsonBody accepted the body');
}

describe('parseJsonBody', () => {
  it('parses the exact bytes as JSON', () => {
    expect(parseJsonBody(utf8('{"a":[1,"ü",null,{"b":true}]}'))).toEqual({ a: [1, 'ü', null, { b: true }] });
    expect(parseJsonBody(utf8(' 42 '))).toBe(42);
  });

  it.each([
    ['a lone continuation byte', bytes('{"a":"', [0x80], '"}')],
    ['an invalid byte', bytes('{"a":"', [0xff], '"}')],
    ['an overlong encoding of "/"', bytes('{"a":"', [0xc0, 0xaf], '"}')],
    ['an encoded surrogate', bytes('{"a":"', [0xed, 0xa0, 0x80], '"}')],
    ['a sequence cut short at the end', bytes('{"a":"x"}', [0xe2, 0x82])],
  ])('refuses invalid UTF-8 (%s) rather than replacing it', (_, body) => {
    const error = refusal(body);
    expect(error.code).toBe('invalid_json');
    expect(error.status).toBe(400);
    expect(error.source).toBe('bluestone');
    expect(error.message).toContain('UTF-8');
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(parseJsonBody(bytes([0xef, 0xbb, 0xbf], '{"a":1}'))).toEqual({ a: 1 });
  });

  it.each([
    ['empty', ''],
    ['cut short', '{"a":'],
    ['trailing garbage', '{"a":1} x'],
    ['single quotes', "{'a':1}"],
    ['a trailing comma', '{"a":1,}'],
  ])('refuses a body that is not JSON (%s) without quoting it', (_, text) => {
    const error = refusal(utf8(text));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toBe('The body is not valid JSON.');
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(() => parseJsonBody(utf8(arrays(MAX_JSON_DEPTH)))).not.toThrow();
    const error = refusal(utf8(arrays(MAX_JSON_DEPTH + 1)));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain(String(MAX_JSON_DEPTH));
  });

  it('refuses hostile nesting far beyond the limit without overflowing the stack', () => {
    expect(refusal(utf8(arrays(200_000))).code).toBe('invalid_json');
    expect(refusal(utf8('{"a":'.repeat(100_000))).code).toBe('invalid_json');
  });

  it('counts only brackets outside strings, escaped quotes included', () => {
    const inString = `{"text":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`;
    expect(parseJsonBody(utf8(inString))).toEqual({ text: `${'['.repeat(500)}"${'{'.repeat(500)}` });
  });

  it('accepts many brackets side by side', () => {
    const wide = `[${Array.from({ length: 5000 }, () => '{"a":[]}').join(',')}]`;
    expect(parseJsonBody(utf8(wide))).toHaveLength(5000);
  });

  it.each([
    ['plain', '"__proto__"'],
    ['escaped underscore', '"\\u005f_proto__"'],
    ['escaped letter', '"__pr\\u006fto__"'],
    [
      'fully escaped',
      `"${[...'__proto__'].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`,
    ],
  ])('drops __proto__ keys at every depth (%s)', (_, key) => {
    const value = parseJsonBody(utf8(`{${key}:{"x":1},"a":[{${key}:{"x":2},"b":1}],"keep":"__proto__"}`)) as {
      a: Record<string, unknown>[];
      keep: string;
    };
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['a', 'keep']);
    expect(Object.hasOwn(value.a[0] as object, '__proto__')).toBe(false);
    expect(value.a[0]).toEqual({ b: 1 });
    // A value spelled like the key is data, and stays.
    expect(value.keep).toBe('__proto__');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('keeps constructor and prototype keys as plain data, without touching prototypes', () => {
    const value = parseJsonBody(utf8('{"constructor":{"prototype":{"polluted":1}}}'));
    expect(value).toEqual({ constructor: { prototype: { polluted: 1 } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('property: any JSON value without __proto__ reads back as JSON.parse reads it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, pretty) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        fc.pre(!text.includes('__proto__'));
        expect(parseJsonBody(utf8(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('property: arbitrary bytes either parse or fail with invalid_json, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
        try {
          parseJsonBody(body);
        } catch (error) {
          expect(error).toBeInstanceOf(PimWebhookError);
          expect((error as PimWebhookError).code).toBe('invalid_json');
        }
      }),
      { numRuns: 300 },
    );
  });
});
