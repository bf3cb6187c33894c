import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { akeneoSchemas } from '../src/index.js';
import * as s from '../src/schema/index.js';

const text = s.union(s.string(), s.number().transform(String));

describe('payload schemas', () => {
  it('check scalars and literals, naming the expected and the received kind (never the value)', () => {
    expect(s.string().safeParse('a')).toEqual({ success: true, data: 'a' });
    expect(s.number().safeParse(1.5)).toEqual({ success: true, data: 1.5 });
    expect(s.boolean().safeParse(false)).toEqual({ success: true, data: false });
    expect(s.literal('1.0').safeParse('1.0')).toEqual({ success: true, data: '1.0' });
    expect(s.string().safeParse(42)).toEqual({
      success: false,
      issues: [{ path: [], message: 'expected a string, got a number' }],
    });
    expect(s.number().safeParse(Number.NaN).success).toBe(false);
    expect(s.number().safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
    expect(s.literal('1.0').safeParse('0.3')).toEqual({
      success: false,
      issues: [{ path: [], message: 'expected "1.0"' }],
    });
    const secret = s.string().safeParse({ password: 'hunter2' });
    expect(JSON.stringify(secret)).not.toContain('hunter2');
  });

  it('bound string lengths', () => {
    const id = s.string({ min: 1, max: 3 });
    expect(id.safeParse('abc').success).toBe(true);
    expect(id.safeParse('').success).toBe(false);
    expect(id.safeParse('abcd')).toEqual({
      success: false,
      issues: [{ path: [], message: 'expected a string of 1 to 3 characters, got a string' }],
    });
  });

  it('accept absent, null and defaulted values only where allowed', () => {
    const schema = s.looseObject({
      a: s.string().optional(),
      b: s.string().nullable(),
      c: s.array(s.string()).default(() => []),
    });
    expect(schema.safeParse({ b: null })).toEqual({ success: true, data: { b: null, c: [] } });
    expect(schema.safeParse({})).toEqual({
      success: false,
      issues: [{ path: ['b'], message: 'expected a string or null, got nothing' }],
    });
    // Each default is a fresh value: one event's data never aliases another's.
    const first = schema.parse({ b: null });
    const second = schema.parse({ b: null });
    expect(first.c).not.toBe(second.c);
  });

  it('keep unknown keys of loose objects, and return the input itself when nothing was converted', () => {
    const schema = s.looseObject({ id: s.string(), tags: s.array(s.string()) });
    const input = { id: 'p1', tags: ['a'], addedLater: { x: 1 } };
    const result = schema.parse(input);
    expect(result).toBe(input);
    expect(result.addedLater).toEqual({ x: 1 });
  });

  it('copy only what a conversion changed, leaving the input untouched', () => {
    const schema = s.looseObject({ id: text, nested: s.looseObject({ n: text }), list: s.array(text) });
    const input = { id: 7, nested: { n: 'x' }, list: ['a', 2], extra: true };
    const snapshot = structuredClone(input);
    const result = schema.parse(input);
    expect(result).toEqual({ id: '7', nested: { n: 'x' }, list: ['a', '2'], extra: true });
    expect(result.nested).toBe(input.nested);
    expect(input).toEqual(snapshot);
  });

  it('read only own keys, so a key named like an Object.prototype member is not found by inheritance', () => {
    const schema = s.looseObject({ constructor: s.string().optional(), toString: s.string() });
    expect(schema.safeParse({ constructor: 'c', toString: 't' }).success).toBe(true);
    expect(schema.safeParse({})).toEqual({
      success: false,
      issues: [{ path: ['toString'], message: 'expected a string, got nothing' }],
    });
  });

  it('report every problem with its path, up to a bound', () => {
    const schema = s.looseObject({
      a: s.string(),
      list: s.array(s.looseObject({ code: s.string() })),
      map: s.record(s.number()),
    });
    const result = schema.safeParse({
      a: 1,
      list: [{ code: 'x' }, { code: null }, 'no'],
      map: { one: 1, two: 'x' },
    });
    expect(result).toEqual({
      success: false,
      issues: [
        { path: ['a'], message: 'expected a string, got a number' },
        { path: ['list', 1, 'code'], message: 'expected a string, got null' },
        { path: ['list', 2], message: 'expected an object, got a string' },
        { path: ['map', 'two'], message: 'expected a number, got a string' },
      ],
    });
    const many = s.array(s.string()).safeParse(Array.from({ length: 1000 }, () => 0));
    expect(many.success).toBe(false);
    if (!many.success) expect(many.issues).toHaveLength(10);
  });

  it('take the first matching option of a union, and describe all options when none matches', () => {
    const locale = s.union(
      s.string().transform((l) => [l]),
      s.array(s.string()),
    );
    expect(locale.parse('en')).toEqual(['en']);
    expect(locale.parse(['en', 'fr'])).toEqual(['en', 'fr']);
    expect(locale.safeParse(3)).toEqual({
      success: false,
      issues: [{ path: [], message: 'expected a string or an array of a string, got a number' }],
    });
  });

  it('refine with a message at a relative path, and transform only valid values', () => {
    const schema = s
      .looseObject({ a: s.string().optional(), b: s.string().optional() })
      .refine((v) => (v.a ?? v.b) !== undefined, 'expected an object', ['a'])
      .transform((v) => ({ ...v, a: (v.a ?? v.b) as string }));
    expect(schema.parse({ b: 'x' })).toEqual({ a: 'x', b: 'x' });
    expect(schema.safeParse({})).toEqual({
      success: false,
      issues: [{ path: ['a'], message: 'expected an object' }],
    });
    expect(s.custom<string>((v) => typeof v === 'string', 'a string').safeParse(1).success).toBe(false);
  });

  it('throw a TypeError from parse, and implement Standard Schema v1', async () => {
    expect(() => s.string().parse(1)).toThrow(TypeError);
    const standard = s.looseObject({ id: s.string() })['~standard'];
    expect(standard.version).toBe(1);
    expect(standard.vendor).toBe('pimhooks');
    expect(await standard.validate({ id: 'x' })).toEqual({ value: { id: 'x' } });
    expect(await standard.validate({ id: 1 })).toEqual({
      issues: [{ path: ['id'], message: 'expected a string, got a number' }],
    });
  });

  it('never throw, and agree between the fast check and the explained one, on any JSON value', () => {
    const schema = s.looseObject({
      id: text,
      tags: s.array(s.string()).optional(),
      meta: s.record(s.union(s.string(), s.number())).nullable().optional(),
      kind: s.literal('x').optional(),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ id: fc.jsonValue(), tags: fc.jsonValue(), meta: fc.jsonValue() }),
        ),
        (value) => {
          const fast = schema.run(value);
          const explained = schema.safeParse(value);
          expect(fast === s.INVALID).toBe(!explained.success);
          if (!explained.success) expect(explained.issues.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('vendor schemas built on it', () => {
  it('say where an Akeneo product model is missing, naming both places it may be', () => {
    const result = akeneoSchemas['com.akeneo.pim.v1.product-model.deleted'].safeParse({ author: {} });
    expect(result).toEqual({
      success: false,
      issues: [{ path: ['product_model'], message: 'expected an object (or one under "product")' }],
    });
  });
});
