import { defaultAnswer, type PimSource } from '@pimhooks/core';

/** What the echo source saw of a request. */
export interface EchoData {
  readonly method: string;
  readonly segments: readonly string[];
  readonly query: string;
  readonly body: string;
}

/**
 * A test source that accepts anything and turns it into one event describing the request as
 * the source saw it: proves what an adapter passes on (path segments, query, method, bytes).
 * With `brokenAnswer`, its answer policy throws: a bug outside any handler, which an adapter must surface.
 */
export function echoSource(options: { brokenAnswer?: boolean } = {}): PimSource<'echo'> {
  return {
    name: 'echo',
    methods: ['POST', 'PUT', 'GET'],
    ackDeadlineMs: undefined,
    verify: () => undefined,
    decode: (delivery): EchoData => ({
      method: delivery.method,
      segments: delivery.pathSegments,
      query: delivery.query.toString(),
      body: Buffer.from(delivery.body).toString('utf8'),
    }),
    toEvents: (decoded, delivery) => [
      {
        id: delivery.id,
        source: 'echo',
        type: 'echo',
        topic: undefined,
        entityIds: [],
        occurredAt: undefined,
        changes: [],
        data: decoded,
        raw: decoded,
        delivery: { id: delivery.id, receivedAt: delivery.receivedAt, index: 0, count: 1 },
      },
    ],
    answer: (outcome) => {
      if (options.brokenAnswer === true) throw new Error('echo answer policy is broken');
      return defaultAnswer(outcome);
    },
  };
}
