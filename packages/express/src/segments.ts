/** The path of a request URL, without its query string. */
export function pathOf(url: string | undefined): string {
  const value = url ?? '/';
  const q = value.indexOf('?');
  return q === -1 ? value : value.slice(0, q);
}

/** The query string of a request URL, without `?`. */
export function queryOf(url: string | undefined): string {
  const value = url ?? '';
  const q = value.indexOf('?');
  return q === -1 ? '' : value.slice(q + 1);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is passed on as sent: the source decides whether that segment means anything.
    return segment;
  }
}

/**
 * The decoded segments of the path left below a mount point (`app.use('/hooks/bizzkit', ...)`
 * leaves `/<event>` in `req.url`).
 */
export function remainingSegments(url: string | undefined): string[] {
  return pathOf(url)
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
}

/**
 * Route parameters as path segments: named parameters in the order the route declares them, then
 * unnamed matches (Express 4's `*` and regular-expression groups). A wildcard's match is split into
 * its segments: Express 5's `*name` gives an array, Express 4's `*` a string with slashes.
 */
export function paramSegments(params: Readonly<Record<string, unknown>> | undefined): string[] {
  const named: string[] = [];
  const unnamed: string[] = [];
  for (const [key, value] of Object.entries(params ?? {})) {
    const isUnnamed = /^\d+$/.test(key);
    const into = isUnnamed ? unnamed : named;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') into.push(item);
    } else if (typeof value === 'string') {
      if (isUnnamed) into.push(...value.split('/').filter((segment) => segment !== ''));
      else into.push(value);
    }
  }
  return [...named, ...unnamed];
}
