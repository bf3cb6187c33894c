import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The example apps that follow the contract, by folder name. */
export const EXAMPLES = ['node-http', 'express', 'koa', 'nestjs'] as const;

/** The built entry of an example; fails clearly when it was not built. */
export function exampleMain(name: string): string {
  const main = fileURLToPath(new URL(`../../../examples/${name}/dist/main.js`, import.meta.url));
  if (!existsSync(main)) throw new Error(`examples/${name} is not built: run \`pnpm build\` first.`);
  return main;
}
