/** One problem found in a payload: where it is (keys and indexes from the root) and what was expected. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Most issues kept for one value: enough to fix a payload, bounded whatever the payload holds. */
const MAX_ISSUES = 10;

/**
 * Gathers the issues of a value that failed its schema. Schemas check values twice: a fast pass
 * that only answers valid or not (no paths, no messages, no allocation), and, only when that
 * fails, a second pass with a collector to say where and why.
 */
export class IssueCollector {
  readonly issues: SchemaIssue[] = [];
  private readonly path: (string | number)[] = [];

  /** Record an issue at the current path. Messages name types, never payload values. */
  add(message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path: [...this.path], message });
  }

  /** Record `expected ..., got <kind of input>`. */
  expected(what: string, input: unknown): void {
    this.add(`expected ${what}, got ${kindOf(input)}`);
  }

  enter(key: string | number): void {
    this.path.push(key);
  }

  leave(): void {
    this.path.pop();
  }

  get full(): boolean {
    return this.issues.length >= MAX_ISSUES;
  }
}

/** The kind of a JSON value, for messages (its value could be customer data and is left out). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** `path: message` lines, as error messages show them. */
export function formatIssues(issues: readonly SchemaIssue[], max = 5): string {
  return issues
    .slice(0, max)
    .map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}
