/** The source and extra path segments a request path addresses under a mount path. */
export interface WebhookRoute {
  readonly source: string;
  /** Decoded segments after the source name (Bizzkit's event name, Brightpearl's key...). */
  readonly segments: readonly string[];
}

const NO_SEGMENTS: readonly string[] = Object.freeze([]);

/** Normalize a mount path to `/x/y` form (no trailing slash; `''` for the root). */
export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * Match `pathname` (no query string) against `<basePath>/<source>[/<segment>...]`.
 * Returns `undefined` when the path is not under the base path or names no source.
 */
export function matchWebhookPath(pathname: string, basePath: string): WebhookRoute | undefined {
  return webhookPathMatcher(basePath)(pathname);
}

/** `matchWebhookPath` for one mount path, normalized once rather than on every request. */
export function webhookPathMatcher(basePath: string): (pathname: string) => WebhookRoute | undefined {
  const base = normalizeBasePath(basePath);
  return (pathname) => {
    if (base !== '' && !((pathname.startsWith(base) && pathname.charCodeAt(base.length) === 47) /* / */)) {
      return undefined;
    }
    const rest = pathname.slice(base.length + 1);
    if (rest === '') return undefined;
    // The usual webhook path names a source and nothing more: answered without splitting.
    if (rest.indexOf('/') === -1 && rest.indexOf('%') === -1) return { source: rest, segments: NO_SEGMENTS };
    const parts = rest.split('/');
    if (parts[parts.length - 1] === '') parts.pop();
    // Most paths hold no escape at all: decode only those that do.
    if (rest.includes('%')) {
      for (let i = 0; i < parts.length; i++) {
        try {
          parts[i] = decodeURIComponent(parts[i] as string);
        } catch {
          return undefined;
        }
      }
    }
    const source = parts[0];
    return source === undefined || source === '' ? undefined : { source, segments: parts.slice(1) };
  };
}
