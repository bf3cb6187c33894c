/**
 * Writes a schema's fast pass (valid or not, and the output) as the source of one function.
 *
 * Why generate code: checked through the schema objects, every member is a call through
 * `schema.run`, a site that sees a dozen schema classes. Inside a loaded server, whose other work
 * keeps evicting the caches between two deliveries, those calls cost several times what the checks
 * themselves do. The generated function is straight-line code for one payload shape: the checks
 * inline, the branches each see one kind of value.
 *
 * What goes into the source: the code each schema class writes, local names made here, and
 * strings (object keys, string literals) written with `JSON.stringify`, which is always a valid,
 * closed JavaScript string literal. Everything else (numbers, user functions, the schemas
 * themselves) is passed to the function as a value and named `r<n>`. So nothing a schema was
 * built from can change what the code does, only what it compares with.
 */
export class FastPassWriter {
  private readonly lines: string[] = [];
  private readonly values: unknown[] = [];
  private names = 0;

  /** A new local name (`v0`, `v1`, ...). */
  local(): string {
    return `v${this.names++}`;
  }

  /** A new label, for a block that `break` leaves on a mismatch. */
  label(): string {
    return `L${this.names++}`;
  }

  /** The name under which the generated code sees `value`. */
  ref(value: unknown): string {
    // By `Object.is`: `indexOf` would take -0 for 0 (and never find NaN).
    let at = this.values.findIndex((known) => Object.is(known, value));
    if (at === -1) at = this.values.push(value) - 1;
    return `r${at}`;
  }

  /** A string as a literal in the source; any other value by reference. */
  constant(value: unknown): string {
    return typeof value === 'string' ? JSON.stringify(value) : this.ref(value);
  }

  line(code: string): void {
    this.lines.push(code);
  }

  /** Keep a place for a line written later (`fill`), once what it must say is known. */
  placeholder(): number {
    return this.lines.push('') - 1;
  }

  fill(at: number, code: string): void {
    this.lines[at] = code;
  }

  /**
   * The function: `emitRoot` writes the checks of `input` (running `fail` on a mismatch) and
   * returns the expression holding the output. `invalid` is what the function returns on a mismatch.
   */
  static compile<Out>(
    emitRoot: (writer: FastPassWriter, input: string, fail: string) => string,
    invalid: symbol,
  ): (input: unknown) => Out | symbol {
    const writer = new FastPassWriter();
    const out = emitRoot(writer, 'input', 'return INVALID;');
    writer.line(`return ${out};`);
    const refs = writer.values.map((_, i) => `r${i}`).join(', ');
    const source = `"use strict";\nconst [${refs}] = refs;\nreturn function fastPass(input) {\n${writer.lines.join('\n')}\n};`;
    return new Function('refs', 'INVALID', source)(writer.values, invalid);
  }
}

/** The test that `value` (a local name) is not a plain object: not null, not an array. */
export function notPlainObject(value: string): string {
  return `typeof ${value} !== "object" || ${value} === null || Array.isArray(${value})`;
}
