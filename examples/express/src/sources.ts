import { bluestone, type PimSource } from '@pimhooks/core';

/**
 * The sources to mount: one line per vendor, mounted only when its variable is set. Vendors that
 * pimhooks gains later get their line here (BIZZKIT_SECRET, QUABLE_TOKEN, BRIGHTPEARL_KEY, AKENEO_SECRET).
 */
export function sourcesFromEnv(env: NodeJS.ProcessEnv): PimSource[] {
  const configured: (PimSource | undefined)[] = [
    env.BLUESTONE_SECRET ? bluestone({ secret: env.BLUESTONE_SECRET }) : undefined,
  ];
  return configured.filter((source) => source !== undefined);
}
