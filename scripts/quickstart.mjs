// One command on a machine with only Node and npm: installs the pinned pnpm if it is missing,
// installs the workspace from the lockfile, builds, and runs the demo.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pinned = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).packageManager.split('@')[1];
const run = (command) => execSync(command, { stdio: 'inherit' });

let installed = '';
try {
  installed = execSync('pnpm --version', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // no pnpm yet
}
if (installed !== pinned) {
  console.log(`Installing pnpm ${pinned} (found ${installed || 'none'})...`);
  run(`npm install -g pnpm@${pinned}`);
}
run('pnpm install --frozen-lockfile');
run('pnpm demo');
