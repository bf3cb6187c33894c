import { readFileSync } from 'node:fs';
import type { AnyPimEvent } from '../../src/catalog.js';
import type { PimWebhookError } from '../../src/errors.js';
import { createPimReceiver, type PimReceiver } from '../../src/receiver/receiver.js';
import type { PimSource } from '../../src/source.js';

/** Secrets of the lengths Bizzkit's encrypted tokens need: 32 bytes (A128CBC-HS256, A256GCM), 64 (A256CBC-HS512). */
export const SECRET_32 = 'bizzkit-webhook-secret-32-chars!';
export const SECRET_64 = 'bizzkit-webhook-secret-of-exactly-sixty-four-characters-12345678';
/** A valid secret of a length no encryption uses. */
export const SECRET_40 = 'bizzkit-webhook-secret-of-forty-chars-!!';

/** A receiver on `sources` that records every event and every reported error. */
export interface RecordingReceiver {
  readonly receiver: PimReceiver;
  readonly events: AnyPimEvent[];
  readonly errors: PimWebhookError[];
}

export function recordingReceiver(sources: readonly PimSource[]): RecordingReceiver {
  const events: AnyPimEvent[] = [];
  const errors: PimWebhookError[] = [];
  const receiver = createPimReceiver({ sources, logger: false, onError: (error) => void errors.push(error) });
  receiver.onAny((event) => void events.push(event));
  return { receiver, events, errors };
}

/** A promise with its resolver, to hold a handler until the test lets it finish. */
export function gate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The lines between `// #region docs` and `// #endregion docs` of a file under test/support/. */
export function docsRegion(file: string): string {
  const text = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
  const start = text.indexOf('// #region docs\n');
  const end = text.indexOf('// #endregion docs\n');
  if (start === -1 || end === -1) throw new Error(`test/support/${file} has no docs region`);
  return `${text.slice(start + '// #region docs\n'.length, end).trimEnd()}\n`;
}

/** A page of docs/vendors/. */
export function vendorDoc(name: string): string {
  return readFileSync(new URL(`../../../../docs/vendors/${name}`, import.meta.url), 'utf8');
}
