/** Where pimhooks writes what it rejects and what fails. Compatible with `console`, pino and winston. */
export interface PimLogger {
  debug?(message: string, details?: Record<string, unknown>): void;
  info?(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Writes warnings and errors to stderr as one line each. */
export const consoleLogger: PimLogger = {
  warn: (message, details) => console.warn(`[pimhooks] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[pimhooks] ${message}`, details ?? ''),
};

/** Drops everything (for tests or when `onError` does all the reporting). */
export const silentLogger: PimLogger = { warn() {}, error() {} };
