import type { IncomingMessage } from 'node:http';
import { PimWebhookError } from '../errors.js';

export interface ReadBodyOptions {
  /** Largest body accepted, in bytes. */
  maxBodyBytes: number;
  /** Longest time the client may take to send the whole body, in milliseconds. */
  bodyTimeoutMs: number;
  /** Source name, for error reports. */
  source?: string;
}

/**
 * Read a Node request's body as exact bytes, refusing it (413) as soon as it is known to be too
 * large, from `Content-Length` or while streaming, without buffering the rest; 408 when the client
 * is too slow; `body_aborted` when it goes away.
 */
export function readNodeBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Uint8Array> {
  const { maxBodyBytes, bodyTimeoutMs, source } = options;
  const fail = (code: 'payload_too_large' | 'body_timeout' | 'body_aborted', message: string) =>
    new PimWebhookError(code, message, { source });

  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBodyBytes) {
    return Promise.reject(fail('payload_too_large', `The body is over ${maxBodyBytes} bytes.`));
  }
  if (req.readableEnded) return Promise.resolve(new Uint8Array(0));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      finish(fail('body_timeout', `The body did not arrive within ${bodyTimeoutMs} ms.`));
    }, bodyTimeoutMs);
    timer.unref?.();

    let done = false;
    function finish(error?: PimWebhookError): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error === undefined) {
        // The stream has ended: its listeners go with it, no need to remove them one by one.
        resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      // Stop reading: the answer is sent with `Connection: close` and the rest is never buffered.
      req.pause();
      reject(error);
    }
    function onData(chunk: Buffer): void {
      size += chunk.length;
      if (size > maxBodyBytes) finish(fail('payload_too_large', `The body is over ${maxBodyBytes} bytes.`));
      else chunks.push(chunk);
    }
    function onEnd(): void {
      finish();
    }
    function onError(): void {
      finish(fail('body_aborted', 'The client went away before the body was complete.'));
    }
    function onClose(): void {
      if (!req.complete) finish(fail('body_aborted', 'The client went away before the body was complete.'));
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
