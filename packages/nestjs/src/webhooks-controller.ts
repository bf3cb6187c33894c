import { All, Controller, Inject, Param, Req, Res, SetMetadata, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  capturedBodyBytes,
  obtainRawBody,
  type PimReceiver,
  type PimResponse,
  PimWebhookError,
} from '@pimhooks/core';
import { NEST_RAW_BODY_FIX, nodeRequestOf } from './raw-body.js';
import { PIM_RECEIVER, PIM_WEBHOOK_ROUTE } from './tokens.js';

/**
 * A controller serving `<path>/<source>` and `<path>/<source>/<segment>` (Bizzkit's event name,
 * Brightpearl's key) for every method. Made per module so its path is configurable; `decorators` are
 * applied to it (for example to exempt it from global guards). Answers go out through Nest's HTTP
 * adapter, so the same code serves Express and Fastify, and no exception filter reshapes them.
 */
export function createWebhooksController(path: string, decorators: readonly ClassDecorator[]): Type<unknown> {
  @SetMetadata(PIM_WEBHOOK_ROUTE, true)
  @Controller(path)
  class PimWebhooksController {
    constructor(
      @Inject(PIM_RECEIVER) private readonly receiver: PimReceiver,
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    ) {}

    // No async methods: this runs on every webhook request, and most are answered synchronously.
    @All(':source')
    source(@Req() req: unknown, @Res() res: unknown, @Param('source') source: string): Promise<void> | void {
      return this.deliver(req, res, source, []);
    }

    @All(':source/:segment')
    segment(
      @Req() req: unknown,
      @Res() res: unknown,
      @Param('source') source: string,
      @Param('segment') segment: string,
    ): Promise<void> | void {
      return this.deliver(req, res, source, [segment]);
    }

    private deliver(
      req: unknown,
      res: unknown,
      source: string,
      pathSegments: string[],
    ): Promise<void> | void {
      const receiver = this.receiver;
      if (!receiver.hasSource(source)) {
        const error = new PimWebhookError('unknown_source', `No source named "${source}" is configured.`);
        return this.send(res, receiver.reject(error, undefined));
      }
      const { raw, captured } = nodeRequestOf(req);
      const respond = (body: Uint8Array): Promise<void> | void => {
        const url = raw.url ?? '/';
        const q = url.indexOf('?');
        const answer = receiver.respond({
          source,
          method: raw.method ?? 'GET',
          headers: raw.headers,
          body,
          pathSegments,
          query: q === -1 ? '' : url.slice(q + 1),
        });
        // Most deliveries are handled synchronously: answer them without another promise.
        if (answer instanceof Promise) return answer.then((later) => this.send(res, later));
        this.send(res, answer);
      };
      // With `rawBody: true` Nest has kept the bytes: no need to wait for anything. (Bytes over the
      // size limit take the path below, which refuses them as it refuses a streamed body.)
      const kept = capturedBodyBytes(...captured);
      if (kept !== undefined && kept.length <= receiver.options.maxBodyBytes) return respond(kept);
      return obtainRawBody({
        req: raw,
        captured,
        maxBodyBytes: receiver.options.maxBodyBytes,
        bodyTimeoutMs: receiver.options.bodyTimeoutMs,
        source,
        fix: NEST_RAW_BODY_FIX,
      }).then(respond, (error: unknown) => this.send(res, receiver.reject(error as PimWebhookError, source)));
    }

    /** Answer through Nest's HTTP adapter (Express or Fastify), so no exception filter reshapes it. */
    private send(res: unknown, answer: PimResponse): void {
      const adapter = this.adapterHost.httpAdapter;
      for (const name in answer.headers) adapter.setHeader(res, name, answer.headers[name] as string);
      adapter.reply(res, answer.body, answer.status);
    }
  }
  for (const decorate of decorators) decorate(PimWebhooksController);
  return PimWebhooksController;
}
