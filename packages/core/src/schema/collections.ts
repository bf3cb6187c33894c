import { type FastPassWriter, notPlainObject } from './fast-pass.js';
import type { IssueCollector } from './issues.js';
import { INVALID, type Infer, type Invalid, type OptionalSchema, Schema } from './schema.js';

/**
 * Check the members of an array (`keys` null: every index) or an object (the given keys) against one
 * schema for all or one per key. The output is the input itself until a member is converted; the
 * first conversion makes a copy. `ownOnly[i]` marks keys that must not be found by inheritance.
 */
function runMembers(
  input: Record<string | number, unknown>,
  keys: readonly string[] | null,
  schemas: Schema<unknown> | readonly Schema<unknown>[],
  ownOnly: readonly boolean[] | null,
  issues: IssueCollector | undefined,
): object | Invalid {
  let out = input;
  let valid = true;
  const count = keys === null ? (input as unknown as unknown[]).length : keys.length;
  for (let i = 0; i < count; i++) {
    const key = keys === null ? i : (keys[i] as string);
    const value = ownOnly?.[i] && !Object.hasOwn(input, key) ? undefined : input[key];
    const schema = schemas instanceof Schema ? schemas : (schemas[i] as Schema<unknown>);
    issues?.enter(key);
    const result = schema.run(value, issues);
    issues?.leave();
    if (result === INVALID) {
      if (issues === undefined || issues.full) return INVALID;
      valid = false;
    } else if (result !== value) {
      if (out === input) out = (Array.isArray(input) ? [...input] : { ...input }) as typeof input;
      out[key] = result;
    }
  }
  return valid ? out : INVALID;
}

class ArraySchema<Item> extends Schema<Item[]> {
  readonly expected: string;

  constructor(private readonly item: Schema<Item>) {
    super();
    this.expected = `an array of ${item.expected}`;
  }

  run(input: unknown, issues?: IssueCollector): Item[] | Invalid {
    if (!Array.isArray(input)) {
      issues?.expected('an array', input);
      return INVALID;
    }
    return runMembers(input as unknown as Record<number, unknown>, null, this.item, null, issues) as
      | Item[]
      | Invalid;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    writer.line(`if (!Array.isArray(${input})) ${fail}`);
    const out = writer.local();
    const index = writer.local();
    const item = writer.local();
    const count = writer.local();
    writer.line(`let ${out} = ${input};`);
    writer.line(`const ${count} = ${input}.length;`);
    writer.line(`for (let ${index} = 0; ${index} < ${count}; ${index}++) {`);
    writer.line(`const ${item} = ${input}[${index}];`);
    emitCopyOnChange(writer, out, input, index, item, this.item.emit(writer, item, fail), 'array');
    writer.line('}');
    return out;
  }
}

/**
 * After a member's checks: when its output differs from the member, store it in a copy of the
 * container (made on the first change), as `runMembers` does.
 */
function emitCopyOnChange(
  writer: FastPassWriter,
  out: string,
  input: string,
  key: string,
  member: string,
  result: string,
  copy: 'array' | 'object',
): void {
  // A member whose output is the member itself (no conversion possible) needs no code at all.
  if (result === member) return;
  const copied = copy === 'object' ? `{ ...${input} }` : `[...${input}]`;
  writer.line(`if (${result} !== ${member}) {`);
  writer.line(`if (${out} === ${input}) ${out} = ${copied};`);
  writer.line(`${out}[${key}] = ${result};`);
  writer.line('}');
}

/** An array whose every item matches `item`. */
export function array<Item>(item: Schema<Item>): Schema<Item[]> {
  return new ArraySchema(item);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class RecordSchema<Value> extends Schema<Record<string, Value>> {
  readonly expected = 'an object';

  constructor(private readonly value: Schema<Value>) {
    super();
  }

  run(input: unknown, issues?: IssueCollector): Record<string, Value> | Invalid {
    if (!isPlainObject(input)) {
      issues?.expected(this.expected, input);
      return INVALID;
    }
    return runMembers(input, Object.keys(input), this.value, null, issues) as Record<string, Value> | Invalid;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    writer.line(`if (${notPlainObject(input)}) ${fail}`);
    const out = writer.local();
    const key = writer.local();
    const member = writer.local();
    writer.line(`let ${out} = ${input};`);
    writer.line(`for (const ${key} of Object.keys(${input})) {`);
    writer.line(`const ${member} = ${input}[${key}];`);
    emitCopyOnChange(writer, out, input, key, member, this.value.emit(writer, member, fail), 'object');
    writer.line('}');
    return out;
  }
}

/** An object of any keys whose every value matches `value`. */
export function record<Value>(value: Schema<Value>): Schema<Record<string, Value>> {
  return new RecordSchema(value);
}

/** The schemas of an object's known keys. */
export type Shape = { readonly [key: string]: Schema<unknown> };

type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never;
}[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The output of a loose object: its known keys typed (optional ones marked `?`), any other key `unknown`. */
export type LooseObjectOutput<S extends Shape> = Flatten<
  { [key: string]: unknown } & { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
    [K in OptionalKeys<S>]?: Infer<S[K]>;
  }
>;

// Keys an object inherits from Object.prototype: reading one of them must look at own keys only.
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

class LooseObjectSchema<S extends Shape> extends Schema<LooseObjectOutput<S>> {
  readonly expected = 'an object';
  private readonly keys: readonly string[];
  private readonly schemas: readonly Schema<unknown>[];
  private readonly ownOnly: readonly boolean[];

  constructor(shape: S) {
    super();
    this.keys = Object.keys(shape);
    this.schemas = this.keys.map((key) => shape[key] as Schema<unknown>);
    this.ownOnly = this.keys.map((key) => INHERITED.has(key));
  }

  run(input: unknown, issues?: IssueCollector): LooseObjectOutput<S> | Invalid {
    if (!isPlainObject(input)) {
      issues?.expected(this.expected, input);
      return INVALID;
    }
    return runMembers(input, this.keys, this.schemas, this.ownOnly, issues) as LooseObjectOutput<S> | Invalid;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    writer.line(`if (${notPlainObject(input)}) ${fail}`);
    const out = writer.local();
    writer.line(`let ${out} = ${input};`);
    this.keys.forEach((name, i) => {
      const key = writer.constant(name);
      const member = writer.local();
      writer.line(
        this.ownOnly[i]
          ? `const ${member} = Object.hasOwn(${input}, ${key}) ? ${input}[${key}] : undefined;`
          : `const ${member} = ${input}[${key}];`,
      );
      const result = (this.schemas[i] as Schema<unknown>).emit(writer, member, fail);
      emitCopyOnChange(writer, out, input, key, member, result, 'object');
    });
    return out;
  }
}

/**
 * An object with these keys checked; other keys pass through untouched (vendors add fields over
 * time, and a new field must never fail a delivery).
 */
export function looseObject<const S extends Shape>(shape: S): Schema<LooseObjectOutput<S>> {
  return new LooseObjectSchema(shape);
}

class UnionSchema<Out> extends Schema<Out> {
  readonly expected: string;

  constructor(private readonly options: readonly Schema<unknown>[]) {
    super();
    this.expected = options.map((o) => o.expected).join(' or ');
  }

  run(input: unknown, issues?: IssueCollector): Out | Invalid {
    for (const option of this.options) {
      const result = option.run(input);
      if (result !== INVALID) return result as Out;
    }
    issues?.expected(this.expected, input);
    return INVALID;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    // One labelled block per option: a mismatch leaves it for the next option; a match leaves the
    // whole union. Past the last option, the union fails.
    const out = writer.local();
    const union = writer.label();
    writer.line(`let ${out};`);
    writer.line(`${union}: {`);
    for (const option of this.options) {
      const attempt = writer.label();
      writer.line(`${attempt}: {`);
      const result = option.emit(writer, input, `break ${attempt};`);
      writer.line(`${out} = ${result};`);
      writer.line(`break ${union};`);
      writer.line('}');
    }
    writer.line(fail);
    writer.line('}');
    return out;
  }
}

/** A value matching any of the options; the first that matches gives the output. */
export function union<const Options extends readonly Schema<unknown>[]>(
  ...options: Options
): Schema<Infer<Options[number]>> {
  return new UnionSchema(options);
}
