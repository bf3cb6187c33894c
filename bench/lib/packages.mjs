// Loads the packages under test from their built dist, and says how to fix a missing build
// instead of letting a scenario silently skip.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoRoot = dirname(benchDir);
const require = createRequire(join(benchDir, 'package.json'));

/** Raised when a scenario cannot run; its message is shown in the table and the run exits non-zero. */
export class BenchUnavailable extends Error {}

/** Import a workspace package (`@pimhooks/express`...) after checking that its dist was built. */
export async function importBuilt(name) {
  let manifestPath;
  try {
    manifestPath = require.resolve(`${name}/package.json`);
  } catch {
    throw new BenchUnavailable(`${name} is not linked into bench/node_modules: run pnpm install.`);
  }
  const packageDir = dirname(manifestPath);
  const entry = join(packageDir, 'dist', 'index.js');
  if (!existsSync(entry)) {
    throw new BenchUnavailable(
      `${name} is not built (${relative(repoRoot, entry)} is missing): run \`pnpm build\` (pnpm bench builds first; the package may have no src yet).`,
    );
  }
  return import(entry);
}
