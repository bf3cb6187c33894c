import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A fenced TypeScript block of a markdown file. */
export interface Snippet {
  /** `README.md#3`: file (relative to the repo) and block number. */
  readonly name: string;
  readonly file: string;
  readonly code: string;
}

export const repoRoot = new URL('../../../', import.meta.url).pathname;

/**
 * Markdown files whose TypeScript blocks are checked: the root README, the READMEs of core, testing and nestjs,
 * and everything under docs/. (The adapter and Redis packages check their own READMEs in their tests.)
 */
export function markdownFiles(): string[] {
  const files = [
    'README.md',
    'packages/core/README.md',
    'packages/testing/README.md',
    'packages/nestjs/README.md',
  ].map((f) => join(repoRoot, f));
  const walk = (dir: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  walk(join(repoRoot, 'docs'));
  return files;
}

/**
 * The ```ts / ```typescript blocks of a markdown file. A block whose first line is
 * `// not checked` (a fragment shown for reading only) is left out.
 */
export function snippetsOf(file: string): Snippet[] {
  const text = readFileSync(file, 'utf8');
  const snippets: Snippet[] = [];
  const fence = /^```(?:ts|typescript)\s*\n([\s\S]*?)^```/gm;
  for (const match of text.matchAll(fence)) {
    const code = match[1] ?? '';
    if (code.startsWith('// not checked')) continue;
    const rel = relative(repoRoot, file);
    snippets.push({ name: `${rel}#${snippets.length + 1}`, file: rel, code });
  }
  return snippets;
}
