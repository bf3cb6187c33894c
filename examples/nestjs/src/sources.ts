import { akeneo, bizzkit, bluestone, brightpearl, type PimSource, quable } from '@pimhooks/core';

/** The sources to mount: one line per vendor, mounted when its variable is set. */
export function sourcesFromEnv(env: NodeJS.ProcessEnv): PimSource[] {
  const configured: (PimSource | undefined)[] = [
    env.BLUESTONE_SECRET ? bluestone({ secret: env.BLUESTONE_SECRET }) : undefined,
    env.BIZZKIT_SECRET ? bizzkit({ secret: env.BIZZKIT_SECRET }) : undefined,
    env.QUABLE_TOKEN ? quable({ token: env.QUABLE_TOKEN }) : undefined,
    env.BRIGHTPEARL_KEY ? brightpearl({ key: env.BRIGHTPEARL_KEY }) : undefined,
    env.AKENEO_SECRET ? akeneo({ secret: env.AKENEO_SECRET }) : undefined,
  ];
  return configured.filter((source) => source !== undefined);
}
