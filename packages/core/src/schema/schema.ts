import { FastPassWriter } from './fast-pass.js';
import { IssueCollector, type SchemaIssue } from './issues.js';

/** What `run` returns when a value does not match. A symbol, so no valid output can be mistaken for it. */
export const INVALID: unique symbol = Symbol('pimhooks.invalid');
export type Invalid = typeof INVALID;

/** The outcome of `safeParse`. */
export type ParseResult<Out> =
  | { readonly success: true; readonly data: Out }
  | { readonly success: false; readonly issues: readonly SchemaIssue[] };

/** The Standard Schema v1 interface (standardschema.dev), so these schemas work with any library that accepts one. */
export interface StandardSchemaProps<Out> {
  readonly version: 1;
  readonly vendor: 'pimhooks';
  readonly validate: (
    value: unknown,
  ) => { readonly value: Out; readonly issues?: undefined } | { readonly issues: readonly SchemaIssue[] };
  readonly types?: { readonly input: unknown; readonly output: Out } | undefined;
}

/**
 * Check `input` with `inner` on behalf of a wrapper that also accepts `undefined` or `null`. When
 * explaining a failure, a scalar is reported against the wrapper's whole expectation (`a string or
 * null`); an object or array is handed to `inner`, which says which of its parts is wrong.
 */
function runWrapped<Out>(
  wrapper: Schema<unknown>,
  inner: Schema<Out>,
  input: unknown,
  issues: IssueCollector | undefined,
): Out | Invalid {
  const out = inner.run(input);
  if (out !== INVALID || issues === undefined) return out;
  if (typeof input === 'object' && input !== null) return inner.run(input, issues);
  issues.expected(wrapper.expected, input);
  return INVALID;
}

/**
 * The fast pass of `schema`, or `run` itself where the platform refuses to compile code from
 * strings (`--disallow-code-generation-from-strings`, some edge runtimes): same results, slower.
 */
function compileFastPass<Out>(schema: Schema<Out>): (input: unknown) => Out | Invalid {
  try {
    return FastPassWriter.compile<Out>(
      (writer, input, fail) => schema.emit(writer, input, fail),
      INVALID,
    ) as (input: unknown) => Out | Invalid;
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    return (input) => schema.run(input);
  }
}

/** The output type of a schema. */
export type Infer<S> = S extends Schema<infer Out> ? Out : never;

/**
 * A payload schema: checks a JSON value and gives it its typed form. Vendor payloads are parsed on
 * every request, so a schema checks in one pass without allocating when the value is valid (the
 * output shares the input's objects unless a value had to be converted), and explains a failure
 * in a second pass.
 */
export abstract class Schema<Out> {
  /** Type only: the output type, for `Infer`. */
  declare readonly '~out': Out;

  /** What this schema accepts, in words (`a string`, `"1.0"`, `an object`), for messages. */
  abstract readonly expected: string;

  /**
   * Check `input`: its output, or `INVALID`. Without a collector, stop at the first problem;
   * with one, record every problem (up to a bound) at its path.
   */
  abstract run(input: unknown, issues?: IssueCollector): Out | Invalid;

  /**
   * Write the checks of this schema into a fast pass (see `FastPassWriter`): check the value in
   * the local `input`, run the statement `fail` on a mismatch, and return the expression that
   * holds the output. Each built-in schema writes its checks inline; this default calls `run`.
   */
  emit(writer: FastPassWriter, input: string, fail: string): string {
    const out = writer.local();
    writer.line(`const ${out} = ${writer.ref(this)}.run(${input});`);
    writer.line(`if (${out} === INVALID) ${fail}`);
    return out;
  }

  private fastPass: ((input: unknown) => Out | Invalid) | undefined;

  /** The fast pass: `run(input)` without a collector, as code written for this schema (on first use). */
  check(input: unknown): Out | Invalid {
    this.fastPass ??= compileFastPass(this);
    return this.fastPass(input);
  }

  /** Check a value: `{ success: true, data }`, or `{ success: false, issues }` saying where and why. */
  safeParse(input: unknown): ParseResult<Out> {
    const out = this.check(input);
    return out === INVALID ? { success: false, issues: this.explain(input) } : { success: true, data: out };
  }

  /** Where and why a value that `check` refused does not match (at least one issue). */
  explain(input: unknown): readonly SchemaIssue[] {
    const collector = new IssueCollector();
    this.run(input, collector);
    // A schema whose fast pass failed must explain why; say so rather than report no issue.
    if (collector.issues.length === 0) collector.add(`expected ${this.expected}`);
    return collector.issues;
  }

  /** Check a value and return its output; throws a `TypeError` listing the issues when it does not match. */
  parse(input: unknown): Out {
    const result = this.safeParse(input);
    if (result.success) return result.data;
    throw new TypeError(
      `The value does not match the schema: ${result.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }

  get '~standard'(): StandardSchemaProps<Out> {
    return {
      version: 1,
      vendor: 'pimhooks',
      validate: (value) => {
        const result = this.safeParse(value);
        return result.success ? { value: result.data } : { issues: result.issues };
      },
    };
  }

  /** Also accept `undefined` (an absent key of an object). */
  optional(): OptionalSchema<Out | undefined> {
    return new OptionalSchema(this);
  }

  /** Also accept `null`. */
  nullable(): Schema<Out | null> {
    return new NullableSchema(this);
  }

  /** Give `make()` when the value is absent. */
  default(make: () => Out): Schema<Out> {
    return new DefaultSchema(this, make);
  }

  /** Convert the checked value. `convert` must not throw; refuse values with `refine` first. */
  transform<T>(convert: (value: Out) => T): Schema<T> {
    return new TransformSchema(this, convert);
  }

  /** Add a condition; `message` (and `path`, relative to this value) say what is wrong when it fails. */
  refine(
    holds: (value: Out) => boolean,
    message: string,
    path: readonly (string | number)[] = [],
  ): Schema<Out> {
    return new RefineSchema(this, holds, message, path);
  }
}

/** A schema that accepts `undefined`; object keys with one are optional in the output type. */
export class OptionalSchema<Out> extends Schema<Out> {
  declare readonly '~optional': true;
  readonly expected: string;

  constructor(private readonly inner: Schema<Out>) {
    super();
    this.expected = `${inner.expected} or nothing`;
  }

  run(input: unknown, issues?: IssueCollector): Out | Invalid {
    return input === undefined ? (undefined as Out) : runWrapped(this, this.inner, input, issues);
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    return emitUnlessEqual(writer, input, 'undefined', 'undefined', this.inner, fail);
  }
}

/**
 * `input === special ? <whenSpecial> : <inner's output>`, for the wrappers: the inner checks run
 * only when the value is not the special one, and `whenSpecial` (an expression, which may call a
 * function) only when it is.
 */
function emitUnlessEqual(
  writer: FastPassWriter,
  input: string,
  special: string,
  whenSpecial: string,
  inner: Schema<unknown>,
  fail: string,
): string {
  const declaration = writer.placeholder();
  writer.line(`if (${input} !== ${special}) {`);
  const value = inner.emit(writer, input, fail);
  // Most wrapped schemas output their input: the wrapper's output is then its input too.
  if (value === input && whenSpecial === special) {
    writer.line('}');
    return input;
  }
  const out = writer.local();
  writer.fill(declaration, `let ${out};`);
  writer.line(`${out} = ${value};`);
  writer.line(`} else ${out} = ${whenSpecial};`);
  return out;
}

/** After a call to user code that may give `INVALID` (a transform, a default): a mismatch, as in `run`. */
function emitInvalidCheck(writer: FastPassWriter, out: string, fail: string): void {
  writer.line(`if (${out} === INVALID) ${fail}`);
}

class NullableSchema<Out> extends Schema<Out | null> {
  readonly expected: string;

  constructor(private readonly inner: Schema<Out>) {
    super();
    this.expected = `${inner.expected} or null`;
  }

  run(input: unknown, issues?: IssueCollector): Out | null | Invalid {
    return input === null ? null : runWrapped(this, this.inner, input, issues);
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    return emitUnlessEqual(writer, input, 'null', 'null', this.inner, fail);
  }
}

class DefaultSchema<Out> extends Schema<Out> {
  readonly expected: string;

  constructor(
    private readonly inner: Schema<Out>,
    private readonly make: () => Out,
  ) {
    super();
    this.expected = `${inner.expected} or nothing`;
  }

  run(input: unknown, issues?: IssueCollector): Out | Invalid {
    if (input !== undefined) return runWrapped(this, this.inner, input, issues);
    // Called unbound, as the fast pass calls it.
    const { make } = this;
    const made = make();
    if (made === INVALID) issues?.add(`expected ${this.expected}`);
    return made;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    // `make` runs only when the value is absent, and afresh each time (no shared default).
    const out = emitUnlessEqual(writer, input, 'undefined', `${writer.ref(this.make)}()`, this.inner, fail);
    emitInvalidCheck(writer, out, fail);
    return out;
  }
}

class TransformSchema<In, Out> extends Schema<Out> {
  readonly expected: string;

  constructor(
    private readonly inner: Schema<In>,
    private readonly convert: (value: In) => Out,
  ) {
    super();
    this.expected = inner.expected;
  }

  run(input: unknown, issues?: IssueCollector): Out | Invalid {
    const value = this.inner.run(input, issues);
    if (value === INVALID) return INVALID;
    // Called unbound, as the fast pass calls it.
    const { convert } = this;
    const out = convert(value);
    if (out === INVALID) issues?.add(`expected ${this.expected}`);
    return out;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    const value = this.inner.emit(writer, input, fail);
    const out = writer.local();
    writer.line(`const ${out} = ${writer.ref(this.convert)}(${value});`);
    emitInvalidCheck(writer, out, fail);
    return out;
  }
}

class RefineSchema<Out> extends Schema<Out> {
  readonly expected: string;

  constructor(
    private readonly inner: Schema<Out>,
    private readonly holds: (value: Out) => boolean,
    private readonly message: string,
    private readonly path: readonly (string | number)[],
  ) {
    super();
    this.expected = inner.expected;
  }

  run(input: unknown, issues?: IssueCollector): Out | Invalid {
    const value = this.inner.run(input, issues);
    // Called unbound, as the fast pass calls it.
    const { holds } = this;
    if (value === INVALID || holds(value)) return value;
    if (issues !== undefined) {
      for (const key of this.path) issues.enter(key);
      issues.add(this.message);
      for (const _ of this.path) issues.leave();
    }
    return INVALID;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    const value = this.inner.emit(writer, input, fail);
    writer.line(`if (!${writer.ref(this.holds)}(${value})) ${fail}`);
    return value;
  }
}
