// Packs every publishable package as npm would publish it and checks each tarball with publint
// (package.json and exports correctness) and arethetypeswrong (types resolve for ESM and CJS users).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'pimhooks-packs-'));
const packages = readdirSync(join(root, 'packages')).filter((dir) => {
  try {
    return JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).private !== true;
  } catch {
    return false;
  }
});

let failed = 0;
for (const dir of packages) {
  const cwd = join(root, 'packages', dir);
  const before = new Set(readdirSync(out));
  execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd, stdio: 'ignore' });
  const tarball = readdirSync(out).find((f) => !before.has(f));
  if (tarball === undefined) throw new Error(`pnpm pack produced nothing for packages/${dir}`);
  for (const [tool, args] of [
    ['publint', ['--strict', join(out, tarball)]],
    ['attw', ['--format', 'ascii', join(out, tarball)]],
  ]) {
    try {
      execFileSync(join(root, 'node_modules', '.bin', tool), args, { stdio: 'pipe' });
      console.log(`ok    ${tool.padEnd(8)} ${tarball}`);
    } catch (error) {
      failed++;
      console.log(`FAIL  ${tool.padEnd(8)} ${tarball}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}
console.log(`\n${packages.length * 2 - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
