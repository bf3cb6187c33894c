import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

/** The publishable packages: folder name and package name, for every non-private package under packages/. */
export function publishablePackages() {
  return readdirSync(join(root, 'packages')).flatMap((dir) => {
    try {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
      return manifest.private === true ? [] : [{ dir, name: manifest.name }];
    } catch {
      return [];
    }
  });
}

/** `pnpm pack` a package into `out` (workspace versions rewritten, as published); returns the tarball path. */
export function pack(dir, out) {
  const before = new Set(readdirSync(out));
  execFileSync('pnpm', ['pack', '--pack-destination', out], {
    cwd: join(root, 'packages', dir),
    stdio: 'ignore',
  });
  const tarball = readdirSync(out).find((file) => !before.has(file));
  if (tarball === undefined) throw new Error(`pnpm pack produced nothing for packages/${dir}`);
  return join(out, tarball);
}
