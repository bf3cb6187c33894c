// Packs every publishable package as npm would publish it and checks each tarball with publint
// (package.json and exports correctness) and arethetypeswrong (types resolve for ESM and CJS users).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pack, publishablePackages, root } from './lib/pack.mjs';

const out = mkdtempSync(join(tmpdir(), 'pimhooks-packs-'));
const packages = publishablePackages();
let failed = 0;
for (const { dir } of packages) {
  const tarball = pack(dir, out);
  for (const [tool, args] of [
    ['publint', ['--strict', tarball]],
    ['attw', ['--format', 'ascii', tarball]],
  ]) {
    try {
      execFileSync(join(root, 'node_modules', '.bin', tool), args, { stdio: 'pipe' });
      console.log(`ok    ${tool.padEnd(8)} ${basename(tarball)}`);
    } catch (error) {
      failed++;
      console.log(`FAIL  ${tool.padEnd(8)} ${basename(tarball)}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}
console.log(`\n${packages.length * 2 - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
