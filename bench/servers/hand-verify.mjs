// What a hand-written receiver does, and nothing more: HMAC-SHA256 of the raw body, constant-time
// compare with the hex header, JSON.parse, a loop over the events.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A counter of the events seen, and the check itself. */
export function handWritten(secret) {
  let handled = 0;
  return {
    handled: () => handled,
    /** The number of events in the delivery, or -1 when the signature does not match. Throws on bad JSON. */
    verify(rawBody, signatureHeader, parsed) {
      const expected = createHmac('sha256', secret).update(rawBody).digest();
      const given = typeof signatureHeader === 'string' ? Buffer.from(signatureHeader, 'hex') : undefined;
      if (given === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return -1;
      }
      const body = parsed ?? JSON.parse(rawBody.toString('utf8'));
      let count = 0;
      for (const event of body.events) if (typeof event.changes.eventType === 'string') count++;
      handled += count;
      return count;
    },
  };
}
