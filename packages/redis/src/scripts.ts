import { createHash } from 'node:crypto';
import type { CommandSender } from './client.js';

/** A Lua script, sent by its SHA1 and loaded on first use (or again after a Redis restart). */
export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** What the claim script answers. Integers, so no client's string or Buffer decoding matters. */
export const CLAIM_REPLY = { claimed: 1, completed: 2, inFlight: 3 } as const;

/** The value of a key whose event was handled. */
export const COMPLETED_VALUE = 'completed';

/** The value of a key claimed by one claim: the token tells that claim apart from any other. */
export function inFlightValue(token: string): string {
  return `in_flight:${token}`;
}

/**
 * Claim in one round trip: set our in-flight value when the key is free, otherwise say what holds
 * it. `SET NX GET` would do the same natively but needs Redis 7; a script runs on any version.
 * KEYS[1] the key, ARGV[1] our in-flight value, ARGV[2] the lease in ms.
 */
export const CLAIM_SCRIPT = script(`local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ${CLAIM_REPLY.claimed}
end
if current == '${COMPLETED_VALUE}' then return ${CLAIM_REPLY.completed} end
return ${CLAIM_REPLY.inFlight}`);

/**
 * Delete the key only while it still holds our own in-flight value, so a release arriving after
 * our lease ended cannot drop a newer claim (or a completion) written by another instance.
 * KEYS[1] the key, ARGV[1] our in-flight value. Answers 1 when it deleted, else 0.
 */
export const RELEASE_SCRIPT = script(`if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** Run a single-key script: by SHA, falling back to the full text when Redis does not know it yet. */
export async function runScript(
  sender: CommandSender,
  lua: RedisScript,
  key: string,
  args: readonly string[],
): Promise<unknown> {
  try {
    return await sender.send(['EVALSHA', lua.sha, '1', key, ...args]);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    // EVAL also caches the script, so the next call by SHA finds it.
    return sender.send(['EVAL', lua.source, '1', key, ...args]);
  }
}
