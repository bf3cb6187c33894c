import { bluestone, type PimSource } from '@pimhooks/core';

/** One source per vendor whose secret is set in the environment. */
export function sourcesFromEnv(env: NodeJS.ProcessEnv): PimSource[] {
  const sources: PimSource[] = [];
  if (env.BLUESTONE_SECRET) sources.push(bluestone({ secret: env.BLUESTONE_SECRET }));
  return sources;
}
