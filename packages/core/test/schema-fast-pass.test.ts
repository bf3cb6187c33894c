import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { akeneoExamples } from '../../testing/src/fixtures/akeneo.js';
import { quableExamples } from '../../testing/src/fixtures/quable.js';
import { akeneoCloudEventSchema, akeneoSchemas, bluestoneSchemas } from '../src/index.js';
import { FastPassWriter } from '../src/schema/fast-pass.js';
import * as s from '../src/schema/index.js';
import { bluestoneEventSchema } from '../src/sources/bluestone/schemas.js';
import { isQuableProcessCode } from '../src/sources/quable/codes.js';
import { quableEntityEventSchema, quableProcessEventSchema } from '../src/sources/quable/schemas.js';
import { bluestoneExamples } from './helpers/bluestone.js';

type AnySchema = s.Schema<unknown>;

/** Every vendor schema, with the documented payloads it must accept. */
const vendorSchemas: { name: string; schema: AnySchema; valid: unknown[] }[] = [
  ...bluestoneExamples.map((example) => ({
    name: `bluestone ${example.type}`,
    schema: bluestoneSchemas[example.type] as AnySchema,
    valid: example.body.events.map((event) => event.changes),
  })),
  {
    name: 'bluestone, any type',
    schema: bluestoneEventSchema as AnySchema,
    valid: bluestoneExamples.flatMap((example) => example.body.events.map((event) => event.changes)),
  },
  ...akeneoExamples.map((example) => ({
    name: `akeneo ${example.type}`,
    schema: akeneoSchemas[example.type] as AnySchema,
    valid: [example.data],
  })),
  { name: 'akeneo CloudEvent', schema: akeneoCloudEventSchema as AnySchema, valid: [] },
  {
    name: 'quable entity event',
    schema: quableEntityEventSchema as AnySchema,
    valid: Object.values(quableExamples).filter((body) => !isQuableProcessCode(body.code)),
  },
  {
    name: 'quable process event',
    schema: quableProcessEventSchema as AnySchema,
    valid: Object.values(quableExamples).filter((body) => isQuableProcessCode(body.code)),
  },
];

/** A copy of `value` with the member at a path chosen by `choices` replaced by `replacement`. */
function withMemberReplaced(value: unknown, choices: readonly number[], replacement: unknown): unknown {
  if (choices.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[(choices[0] as number) % keys.length] as string;
  copy[key] = withMemberReplaced(copy[key], choices.slice(1), replacement);
  return copy;
}

/** The generated fast pass and the interpreted one give the same verdict and the same output. */
function expectSamePass(schema: AnySchema, value: unknown): void {
  const before = structuredClone(value);
  const compiled = schema.check(value);
  const interpreted = schema.run(value);
  expect(compiled === s.INVALID).toBe(interpreted === s.INVALID);
  if (interpreted !== s.INVALID) {
    expect(compiled).toStrictEqual(interpreted);
    // The input is passed through untouched where nothing was converted, by both.
    expect(compiled === value).toBe(interpreted === value);
  }
  // (toEqual: a structured clone has lost the null prototypes fast-check gives some objects.)
  expect(value).toEqual(before);
}

describe('the generated fast pass', () => {
  it('accepts every documented vendor payload, with the output of the interpreted pass', () => {
    for (const { name, schema, valid } of vendorSchemas) {
      for (const value of valid) {
        expect(schema.check(value), name).not.toBe(s.INVALID);
        expectSamePass(schema, value);
      }
    }
  });

  it('agrees with the interpreted pass on documented payloads with any member replaced by any JSON', () => {
    const withExamples = vendorSchemas.filter((v) => v.valid.length > 0);
    fc.assert(
      fc.property(
        fc.nat(withExamples.length - 1),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, -0, '', [], {}, 1e21, 'ASSOCIATE')),
        (which, example, path, replacement) => {
          const { schema, valid } = withExamples[which] as (typeof withExamples)[number];
          const value = withMemberReplaced(valid[example % valid.length], path, replacement);
          expectSamePass(schema, value);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('agrees with the interpreted pass on any JSON value, for every vendor schema', () => {
    fc.assert(
      fc.property(fc.nat(vendorSchemas.length - 1), fc.jsonValue(), (which, value) => {
        expectSamePass((vendorSchemas[which] as (typeof vendorSchemas)[number]).schema, value);
      }),
      { numRuns: 1000 },
    );
  });

  it('covers every kind of schema: bounds, literals, records, defaults, refinements, custom tests', () => {
    const schema = s.looseObject({
      code: s.string({ min: 2, max: 4 }),
      version: s.literal(2).optional(),
      flag: s.boolean().nullable(),
      counts: s.record(s.number().transform((n) => n * 2)).optional(),
      tags: s.array(s.string()).default(() => []),
      even: s.number().refine((n) => n % 2 === 0, 'expected an even number'),
      custom: s.custom<string>((v) => v === 'yes', '"yes"').optional(),
      any: s.unknown(),
      toString: s.string().optional(),
    });
    fc.assert(
      fc.property(
        fc.record(
          {
            code: fc.oneof(fc.string({ maxLength: 6 }), fc.jsonValue()),
            version: fc.constantFrom(2, -0, 0, '2', undefined),
            flag: fc.oneof(fc.boolean(), fc.constant(null), fc.jsonValue()),
            counts: fc.oneof(fc.dictionary(fc.string(), fc.integer()), fc.jsonValue()),
            tags: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
            even: fc.oneof(fc.integer(), fc.jsonValue()),
            custom: fc.constantFrom('yes', 'no', undefined),
            any: fc.jsonValue(),
            toString: fc.oneof(fc.string(), fc.constant(undefined)),
          },
          { requiredKeys: [] },
        ),
        (value) => expectSamePass(schema as AnySchema, value),
      ),
      { numRuns: 1000 },
    );
    // A fresh default per value, as in the interpreted pass.
    const first = schema.check({ code: 'ab', flag: null, even: 2, any: 1 });
    const second = schema.check({ code: 'ab', flag: null, even: 2, any: 1 });
    expect(first).not.toBe(s.INVALID);
    expect((first as { tags: unknown }).tags).not.toBe((second as { tags: unknown }).tags);
  });

  it('calls user functions exactly when the interpreted pass does, and unbound', () => {
    const calls: string[] = [];
    const schema = s.looseObject({
      a: s.string().default(() => {
        calls.push('make');
        return 'made';
      }),
      b: s
        .number()
        .transform(function (this: unknown, n) {
          calls.push(`convert ${this === undefined ? 'unbound' : 'bound'}`);
          return n + 1;
        })
        .optional(),
    });
    for (const pass of ['check', 'run'] as const) {
      calls.length = 0;
      schema[pass]({ a: 'present', b: 1 });
      schema[pass]({ a: 1 });
      schema[pass]({});
      expect(calls, pass).toEqual(['convert unbound', 'make']);
    }
  });

  it('treats INVALID from a transform as a mismatch, so a union goes on to its next option', () => {
    const schema = s.looseObject({
      a: s.union(
        s.string().transform(() => s.INVALID as never),
        s.string(),
      ),
    });
    expectSamePass(schema as AnySchema, { a: 'x' });
    expect(schema.check({ a: 'x' })).toEqual({ a: 'x' });
    expect(
      s
        .string()
        .default(() => s.INVALID as never)
        .check(undefined),
    ).toBe(s.INVALID);
  });

  it('keeps -0 and 0 apart as literals, and refuses string bounds that are not whole numbers', () => {
    const schema = s.looseObject({ a: s.literal(-0), b: s.literal(0).transform((x) => 1 / x) });
    expectSamePass(schema as AnySchema, { a: 0, b: 0 });
    expect(schema.check({ a: 0, b: 0 })).toEqual({ a: 0, b: Number.POSITIVE_INFINITY });
    for (const bound of [Number.NaN, -1, 1.5]) {
      expect(() => s.string({ min: bound })).toThrow(TypeError);
      expect(() => s.string({ max: bound })).toThrow(TypeError);
    }
    expect(() => s.string({ min: 3, max: 2 })).toThrow(/at least min/);
  });

  it('checks a variant by the schema its tag names, refusing an unknown, missing or non-string tag', () => {
    const schema = s.variant('kind', {
      a: s.looseObject({ kind: s.literal('a'), n: s.number().transform(String) }),
      b: s.looseObject({ kind: s.literal('b'), s: s.string() }),
    });
    for (const value of [
      { kind: 'a', n: 1 },
      { kind: 'b', s: 'x' },
      { kind: 'a', s: 'x' },
      { kind: 'c' },
      { kind: 1 },
      {},
      [],
      null,
      Object.create({ kind: 'a', n: 1 }),
    ]) {
      expectSamePass(schema as AnySchema, value);
    }
    expect(schema.check({ kind: 'a', n: 1 })).toEqual({ kind: 'a', n: '1' });
    expect(schema.safeParse({ kind: 'c' })).toEqual({
      success: false,
      issues: [{ path: ['kind'], message: 'expected one of the 2 known values' }],
    });
    expect(schema.safeParse({ kind: 'b', s: 2 })).toEqual({
      success: false,
      issues: [{ path: ['s'], message: 'expected a string, got a number' }],
    });
  });

  it('writes keys and literals as closed string literals, so no key can change the code', () => {
    const hostile = '"]; throw new Error("injected"); ["';
    const schema = s.looseObject({ [hostile]: s.literal(`\u2028${hostile}\\`), 'a\nb': s.string() });
    const value = { [hostile]: `\u2028${hostile}\\`, 'a\nb': 'x' };
    expect(schema.check(value)).toBe(value);
    expect(schema.check({ ...value, 'a\nb': 1 })).toBe(s.INVALID);
  });

  describe('where code cannot be generated', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('falls back to the interpreted pass when the platform refuses code from strings', () => {
      vi.spyOn(FastPassWriter, 'compile').mockImplementation(() => {
        throw new EvalError('Code generation from strings disallowed for this context');
      });
      const schema = s.looseObject({ id: s.union(s.string(), s.number().transform(String)) });
      expect(schema.check({ id: 7 })).toEqual({ id: '7' });
      expect(schema.safeParse({ id: true }).success).toBe(false);
    });

    it('lets any other failure of the generator surface', () => {
      vi.spyOn(FastPassWriter, 'compile').mockImplementation(() => {
        throw new SyntaxError('Unexpected token');
      });
      expect(() => s.string().check('a')).toThrow(SyntaxError);
    });

    it('parses deliveries in a Node process started with --disallow-code-generation-from-strings', () => {
      const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
      expect(existsSync(dist), 'build @pimhooks/core first (pnpm build)').toBe(true);
      const script = `
        const { bluestoneSchemas } = await import(${JSON.stringify(dist)});
        let refused = false;
        try { new Function('return 1'); } catch { refused = true; }
        const ok = bluestoneSchemas.CATEGORY_REMOVED.safeParse({ eventType: 'CATEGORY_REMOVED', entityIds: [1] });
        const bad = bluestoneSchemas.CATEGORY_REMOVED.safeParse({ eventType: 'CATEGORY_REMOVED' });
        console.log(JSON.stringify({ refused, ok, bad: bad.success }));`;
      const output = execFileSync(
        process.execPath,
        ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script],
        { encoding: 'utf8' },
      );
      expect(JSON.parse(output)).toEqual({
        refused: true,
        ok: { success: true, data: { eventType: 'CATEGORY_REMOVED', entityIds: ['1'] } },
        bad: false,
      });
    });
  });
});
