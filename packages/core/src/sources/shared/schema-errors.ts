import { PimWebhookError } from '../../errors.js';
import { formatIssues, type SchemaIssue } from '../../schema/index.js';

/**
 * An `invalid_event` error naming where the payload is wrong (paths and expectations only:
 * payload values are left out so that reports and logs do not copy customer data).
 */
export function invalidEvent(
  source: string,
  type: string,
  where: string,
  issues: readonly SchemaIssue[],
): PimWebhookError {
  return new PimWebhookError(
    'invalid_event',
    `${where} (${type}) does not match the ${type} schema: ${formatIssues(issues)}`,
    {
      source,
      eventType: type,
    },
  );
}

/** `value` if it is an array of strings, else an empty list. */
export function stringList(value: unknown): readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : [];
}
