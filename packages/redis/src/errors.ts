/** The store operation that failed. */
export type RedisStoreOperation = 'claim' | 'complete' | 'release';

/**
 * Redis did not answer a store command: it failed, timed out, or the client was disconnected.
 * The receiver turns a failed claim into a `store_unavailable` answer (503 + `Retry-After`).
 */
export class RedisStoreError extends Error {
  override readonly name = 'RedisStoreError';
  /** Which store call failed. */
  readonly operation: RedisStoreOperation;
  /** The Redis key concerned (prefix included). */
  readonly key: string;

  constructor(operation: RedisStoreOperation, key: string, reason: string, cause?: unknown) {
    super(`Redis store: ${operation} of "${key}" failed: ${reason}.`, cause === undefined ? {} : { cause });
    this.operation = operation;
    this.key = key;
  }
}
