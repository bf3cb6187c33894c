import { PimWebhookError } from '../../errors.js';

/** One run of ids in an id set: `from` to `to`, both included (`99` is `{ from: 99, to: 99 }`). */
export interface BrightpearlIdRange {
  readonly from: number;
  readonly to: number;
}

/** An id set read without expanding it: its ranges and how many ids they cover. */
export interface BrightpearlIdSet {
  readonly ranges: readonly BrightpearlIdRange[];
  /** Ids covered, counting an id twice if two ranges overlap. */
  readonly size: number;
}

// Up to 15 digits: every such id is an exact JavaScript number.
const PART = /^\s*(\d{1,15})(?:\s*-\s*(\d{1,15}))?\s*$/;

function refuse(message: string): PimWebhookError {
  return new PimWebhookError('invalid_event', message, { source: 'brightpearl' });
}

/**
 * Read an id set (`1-5,99,202`) without materializing it. Refused (`invalid_event`): an empty
 * set or part, a part that is neither an id nor a `from-to` range, a descending range (`5-1`),
 * and a set covering more than `maxSize` ids. The scan stops at the first part past the bound, so
 * `1-999999999`, or a million single ids, costs no more than reading the text once.
 */
export function readIdSet(text: string, maxSize: number): BrightpearlIdSet {
  const ranges: BrightpearlIdRange[] = [];
  let size = 0;
  let start = 0;
  for (let part = 1; ; part++) {
    const comma = text.indexOf(',', start);
    const end = comma === -1 ? text.length : comma;
    const match = PART.exec(text.slice(start, end));
    if (match === null) {
      throw refuse(`Part ${part} of the id set is not an id or a from-to range of ids.`);
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw refuse(`Part ${part} of the id set is a descending range.`);
    size += to - from + 1;
    if (size > maxSize) {
      throw refuse(`The id set covers more than ${maxSize} ids (maxIdSetSize); it was not expanded.`);
    }
    ranges.push({ from, to });
    if (comma === -1) return { ranges, size };
    start = comma + 1;
  }
}

/** The ids of a set read by `readIdSet`, as strings, each once, in the order of the set. */
export function expandIdSet(set: BrightpearlIdSet): string[] {
  const ids: string[] = [];
  const seen = set.ranges.length > 1 ? new Set<number>() : undefined;
  for (const { from, to } of set.ranges) {
    for (let id = from; id <= to; id++) {
      if (seen !== undefined) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      ids.push(String(id));
    }
  }
  return ids;
}
