import type { FastPassWriter } from './fast-pass.js';
import type { IssueCollector } from './issues.js';
import { INVALID, type Invalid, Schema } from './schema.js';

export interface StringOptions {
  /** Fewest characters accepted. */
  min?: number;
  /** Most characters accepted. */
  max?: number;
}

class StringSchema extends Schema<string> {
  readonly expected: string;
  private readonly min: number;
  private readonly max: number;

  constructor(options: StringOptions) {
    super();
    this.min = options.min ?? 0;
    this.max = options.max ?? Number.POSITIVE_INFINITY;
    if (!(Number.isSafeInteger(this.min) && this.min >= 0)) {
      throw new TypeError(`string(): min must be a whole number of characters, 0 or more; got ${this.min}.`);
    }
    if (
      !(this.max === Number.POSITIVE_INFINITY || (Number.isSafeInteger(this.max) && this.max >= this.min))
    ) {
      throw new TypeError(
        `string(): max must be a whole number of characters, at least min; got ${this.max}.`,
      );
    }
    this.expected =
      this.min > 0 || this.max < Number.POSITIVE_INFINITY
        ? `a string of ${this.min} to ${this.max} characters`
        : 'a string';
  }

  run(input: unknown, issues?: IssueCollector): string | Invalid {
    if (typeof input === 'string' && input.length >= this.min && input.length <= this.max) return input;
    issues?.expected(this.expected, input);
    return INVALID;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    let mismatch = `typeof ${input} !== "string"`;
    if (this.min > 0) mismatch += ` || ${input}.length < ${writer.ref(this.min)}`;
    if (this.max < Number.POSITIVE_INFINITY) mismatch += ` || ${input}.length > ${writer.ref(this.max)}`;
    writer.line(`if (${mismatch}) ${fail}`);
    return input;
  }
}

/** A string, optionally of bounded length. */
export function string(options: StringOptions = {}): Schema<string> {
  return new StringSchema(options);
}

class TypeofSchema<Out> extends Schema<Out> {
  constructor(
    private readonly type: 'number' | 'boolean',
    readonly expected: string,
  ) {
    super();
  }

  run(input: unknown, issues?: IssueCollector): Out | Invalid {
    // JSON has no NaN or Infinity; a number that is one came from elsewhere and is refused.
    if (typeof input === this.type && (this.type !== 'number' || Number.isFinite(input))) return input as Out;
    issues?.expected(this.expected, input);
    return INVALID;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    writer.line(
      this.type === 'number'
        ? `if (typeof ${input} !== "number" || !Number.isFinite(${input})) ${fail}`
        : `if (typeof ${input} !== "boolean") ${fail}`,
    );
    return input;
  }
}

/** A finite number. */
export function number(): Schema<number> {
  return new TypeofSchema<number>('number', 'a number');
}

/** `true` or `false`. */
export function boolean(): Schema<boolean> {
  return new TypeofSchema<boolean>('boolean', 'a boolean');
}

class LiteralSchema<T extends string | number | boolean> extends Schema<T> {
  readonly expected: string;

  constructor(private readonly value: T) {
    super();
    this.expected = JSON.stringify(value);
  }

  run(input: unknown, issues?: IssueCollector): T | Invalid {
    if (input === this.value) return this.value;
    issues?.add(`expected ${this.expected}`);
    return INVALID;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    const value = writer.constant(this.value);
    writer.line(`if (${input} !== ${value}) ${fail}`);
    // A matching string is the literal itself; a number may be -0 where the literal is 0.
    return typeof this.value === 'string' ? input : value;
  }
}

/** Exactly this value. */
export function literal<const T extends string | number | boolean>(value: T): Schema<T> {
  return new LiteralSchema(value);
}

class UnknownSchema extends Schema<unknown> {
  readonly expected = 'any value';

  run(input: unknown): unknown {
    return input;
  }

  override emit(_writer: FastPassWriter, input: string): string {
    return input;
  }
}

const UNKNOWN = new UnknownSchema();

/** Any value, unchecked (typed `unknown`). */
export function unknown(): Schema<unknown> {
  return UNKNOWN;
}

class CustomSchema<T> extends Schema<T> {
  constructor(
    private readonly test: (value: unknown) => boolean,
    readonly expected: string,
  ) {
    super();
  }

  run(input: unknown, issues?: IssueCollector): T | Invalid {
    // Called unbound, as the fast pass calls it.
    const { test } = this;
    if (test(input)) return input as T;
    issues?.expected(this.expected, input);
    return INVALID;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    writer.line(`if (!${writer.ref(this.test)}(${input})) ${fail}`);
    return input;
  }
}

/** A value `test` accepts, typed `T`; `expected` describes it (`a string`). */
export function custom<T>(test: (value: unknown) => value is T, expected: string): Schema<T>;
export function custom<T>(test: (value: unknown) => boolean, expected: string): Schema<T>;
export function custom<T>(test: (value: unknown) => boolean, expected: string): Schema<T> {
  return new CustomSchema<T>(test, expected);
}
