/** Request headers as Node (`IncomingHttpHeaders`), a plain record, or a Fetch `Headers`. */
export type HeaderInput = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Read-only, case-insensitive access to request headers. */
export interface HeaderBag {
  /**
   * The header's value; `undefined` when absent. A header sent several times yields `null`:
   * security headers must be unambiguous, so callers treat that as invalid.
   */
  get(name: string): string | undefined | null;
}

class RecordHeaders implements HeaderBag {
  // Declared, not a class field: made for every request, and a field initializer would run each time.
  declare private readonly record: Readonly<Record<string, string | readonly string[] | number | undefined>>;

  constructor(record: Readonly<Record<string, string | readonly string[] | number | undefined>>) {
    this.record = record;
  }

  get(name: string): string | undefined | null {
    const key = name.toLowerCase();
    let value = this.record[key];
    if (value === undefined) {
      // Node lowercases header names; plain records written by hand may not.
      for (const k in this.record) {
        if (k.toLowerCase() === key) {
          value = this.record[k];
          break;
        }
      }
    }
    if (value === undefined) return undefined;
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return value;
    return value.length === 1 ? (value[0] as string) : null;
  }
}

class FetchHeaders implements HeaderBag {
  constructor(private readonly headers: Headers) {}

  get(name: string): string | undefined {
    return this.headers.get(name) ?? undefined;
  }
}

export function toHeaderBag(input: HeaderInput): HeaderBag {
  return typeof (input as Headers).get === 'function' && typeof (input as Headers).has === 'function'
    ? new FetchHeaders(input as Headers)
    : new RecordHeaders(input as Readonly<Record<string, string | readonly string[] | undefined>>);
}
