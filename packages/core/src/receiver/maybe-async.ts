/** A value now, or later. Stores, handlers and verifiers may answer either way. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Whether a value is a thenable. Most deliveries are handled without any promise (a synchronous
 * store, synchronous handlers); the pipeline checks with this and only then goes asynchronous,
 * because every await costs a microtask turn and an allocation on each request.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function'
  );
}
