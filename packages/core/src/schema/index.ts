/**
 * Payload schemas: the small, fast validation the sources need (loose objects, arrays, records,
 * unions, variants, scalars, optional/nullable/default, transform and refine). Used as
 * `s.looseObject(...)`.
 */
export {
  array,
  isPlainObject,
  type LooseObjectOutput,
  looseObject,
  record,
  type Shape,
  union,
} from './collections.js';
export { formatIssues, IssueCollector, kindOf, type SchemaIssue } from './issues.js';
export { boolean, custom, literal, number, type StringOptions, string, unknown } from './primitives.js';
export {
  INVALID,
  type Infer,
  type Invalid,
  OptionalSchema,
  type ParseResult,
  Schema,
  type StandardSchemaProps,
} from './schema.js';
export { type VariantCases, variant } from './variant.js';
