// One row of the results table: a subject against its baseline, measured side by side.
import { median, pairedRatios } from './stats.mjs';

/**
 * A comparison row. `subject` and `baseline` are per-round figures (same rounds, same order);
 * `target` is `{ min }` or `{ max }` on the median ratio, or undefined for figures given as information.
 */
export function comparisonRow({ scenario, subject, baseline, unit, subjectRuns, baselineRuns, target }) {
  const { ratios, median: ratio } = pairedRatios(subjectRuns, baselineRuns);
  return {
    scenario,
    subject,
    baseline,
    unit,
    subjectValue: median(subjectRuns),
    baselineValue: median(baselineRuns),
    subjectRuns,
    baselineRuns,
    ratios,
    ratio,
    target,
    pass: meets(ratio, target),
  };
}

/** A row for a scenario (or part of one) that could not run. */
export function failedRow(scenario, subject, error) {
  return { scenario, subject, error: error instanceof Error ? error.message : String(error), pass: false };
}

export function meets(value, target) {
  if (target === undefined) return undefined;
  if (target.min !== undefined && !(value >= target.min)) return false;
  if (target.above !== undefined && !(value > target.above)) return false;
  if (target.max !== undefined && !(value <= target.max)) return false;
  return true;
}

export function describeTarget(target) {
  if (target === undefined) return '';
  if (target.min !== undefined) return `>= ${target.min}x`;
  if (target.above !== undefined) return `> ${target.above}x`;
  if (target.max !== undefined) return `<= ${target.max}x`;
  return '';
}
