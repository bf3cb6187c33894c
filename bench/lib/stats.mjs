/** Median of a list of numbers (mean of the middle two for an even count). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The order in which to run `items` in round `round`: rotated each round, and reversed in every
 * other cycle of rotations, so that over `2 * items.length` rounds each item runs first as often as
 * the others and right after each other item as often as right before it (JIT warm-up, a
 * neighbour's build, the caches left by the previous server).
 */
export function roundOrder(items, round) {
  const shift = round % items.length;
  const order = [...items.slice(shift), ...items.slice(0, shift)];
  return Math.floor(round / items.length) % 2 === 1 ? order.reverse() : order;
}

/**
 * Ratios of `subject` to `baseline` measured in the same round, and their median: the figure the
 * targets are held against, since neighbours on a shared machine shift both sides of one round alike.
 */
export function pairedRatios(subject, baseline) {
  const ratios = subject.map((value, i) => value / baseline[i]);
  return { ratios, median: median(ratios) };
}

/** Seconds elapsed since `start` (a `process.hrtime.bigint()` value). */
export function secondsSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
