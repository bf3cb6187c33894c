import { PimWebhookError } from '../errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Deepest nesting accepted in a JSON body. Vendor payloads nest a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parse a body as JSON: strict UTF-8 (invalid bytes are an error, not silently replaced),
 * bounded nesting depth, and no `__proto__` keys that could pollute prototypes downstream.
 */
export function parseJsonBody(body: Uint8Array, source?: string): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new PimWebhookError('invalid_json', 'The body is not valid UTF-8.', { source });
  }
  if (exceedsDepth(text, MAX_JSON_DEPTH)) {
    throw new PimWebhookError('invalid_json', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`, {
      source,
    });
  }
  let value: unknown;
  try {
    value = mayHoldProtoKey(text) ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
  } catch {
    throw new PimWebhookError('invalid_json', 'The body is not valid JSON.', { source });
  }
  return value;
}

/**
 * Whether a `__proto__` key may be present. A key can also spell it with `\u` escapes
 * (`"\u005f_proto__"`), which JSON.parse turns into a real `__proto__` own key: any escape sends the
 * body through the (slower) reviver too.
 */
function mayHoldProtoKey(text: string): boolean {
  return text.includes('"__proto__"') || text.includes('\\u');
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/** Whether `text` holds at most `max` opening brackets in all (strings included), found natively. */
function fewBrackets(text: string, max: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      if (++count > max) return false;
    }
  }
  return true;
}

/** Counts bracket depth outside strings, so hostile nesting is refused before JSON.parse recurses. */
function exceedsDepth(text: string, max: number): boolean {
  // A typical delivery has a handful of brackets: it cannot nest deeper than it has brackets, and
  // counting them natively is far cheaper than walking every character below.
  if (fewBrackets(text, max)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return false;
}
