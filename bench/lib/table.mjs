// The results table printed at the end of `pnpm bench` (and pasted into bench/README.md).
import { describeTarget } from './rows.mjs';

function figure(value, unit) {
  if (value === undefined || Number.isNaN(value)) return '';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function verdict(row) {
  if (row.error !== undefined) return 'NOT RUN';
  if (row.pass === undefined) return 'info';
  return row.pass ? 'ok' : 'MISSED';
}

/** Rows as a Markdown table (readable in a terminal too). */
export function renderTable(rows) {
  const header = ['scenario', 'subject', 'baseline', 'subject', 'baseline', 'ratio (median)', 'target', ''];
  const lines = rows.map((row) =>
    row.error !== undefined
      ? [row.scenario, row.subject, '', '', '', '', '', `NOT RUN: ${row.error.split('\n')[0]}`]
      : [
          row.scenario,
          row.subject,
          row.baseline,
          figure(row.subjectValue, row.unit),
          figure(row.baselineValue, row.unit),
          `${row.ratio.toFixed(2)}x`,
          describeTarget(row.target),
          verdict(row) + (row.note ? ` (${row.note})` : ''),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join(
    '\n',
  );
}
