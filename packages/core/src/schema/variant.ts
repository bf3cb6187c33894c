import { isPlainObject } from './collections.js';
import { type FastPassWriter, notPlainObject } from './fast-pass.js';
import type { IssueCollector } from './issues.js';
import { INVALID, type Infer, type Invalid, Schema } from './schema.js';

/** The schemas of a variant, by the value of its tag. */
export type VariantCases = { readonly [tag: string]: Schema<unknown> };

class VariantSchema<Cases extends VariantCases> extends Schema<Infer<Cases[keyof Cases]>> {
  readonly expected = 'an object';
  private readonly cases: ReadonlyMap<string, Schema<unknown>>;

  constructor(
    private readonly key: string,
    cases: Cases,
  ) {
    super();
    this.cases = new Map(Object.entries(cases));
  }

  run(input: unknown, issues?: IssueCollector): Infer<Cases[keyof Cases]> | Invalid {
    if (!isPlainObject(input)) {
      issues?.expected(this.expected, input);
      return INVALID;
    }
    const tag = Object.hasOwn(input, this.key) ? input[this.key] : undefined;
    const schema = typeof tag === 'string' ? this.cases.get(tag) : undefined;
    if (schema === undefined) {
      if (issues !== undefined) {
        issues.enter(this.key);
        issues.add(`expected one of the ${this.cases.size} known values`);
        issues.leave();
      }
      return INVALID;
    }
    return schema.run(input, issues) as Infer<Cases[keyof Cases]> | Invalid;
  }

  override emit(writer: FastPassWriter, input: string, fail: string): string {
    writer.line(`if (${notPlainObject(input)}) ${fail}`);
    const key = writer.constant(this.key);
    const out = writer.local();
    const done = writer.label();
    writer.line(`let ${out};`);
    writer.line(`${done}: switch (Object.hasOwn(${input}, ${key}) ? ${input}[${key}] : undefined) {`);
    for (const [tag, schema] of this.cases) {
      writer.line(`case ${writer.constant(tag)}: {`);
      const result = schema.emit(writer, input, fail);
      writer.line(`${out} = ${result};`);
      writer.line(`break ${done};`);
      writer.line('}');
    }
    writer.line(`default: ${fail}`);
    writer.line('}');
    return out;
  }
}

/**
 * An object checked by the schema its `key` names: `variant('eventType', { A: a, B: b })` checks
 * `{ eventType: 'A', ... }` with `a`. One lookup instead of trying each case as a union would, and
 * one fast pass for every case: a receiver that sees many event types warms a single function up,
 * rather than one per type. An unknown or missing tag is a mismatch at `key`.
 */
export function variant<const Cases extends VariantCases>(
  key: string,
  cases: Cases,
): Schema<Infer<Cases[keyof Cases]>> {
  return new VariantSchema(key, cases);
}
