import { All, Controller, Inject, Param, Req, Res, SetMetadata, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { obtainRawBody, type PimReceiver, type PimResponse, PimWebhookError } from '@pimhooks/core';
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

    // Plain promise chains rather than nested async methods: this runs on every webhook request.
    @All(':source')
    source(@Req() req: unknown, @Res() res: unknown, @Param('source') source: string): Promise<void> {
      return this.deliver(req, res, source, []);
    }

    @All(':source/:segment')
    segment(
      @Req() req: unknown,
      @Res() res: unknown,
      @Param('source') source: string,
      @Param('segment') segment: string,
    ): Promise<void> {
      return this.deliver(req, res, source, [segment]);
    }

    private deliver(req: unknown, res: unknown, source: string, pathSegments: string[]): Promise<void> {
      return this.answer(req, source, pathSegments).then((answer) => {
        const adapter = this.adapterHost.httpAdapter;
        for (const name in answer.headers) adapter.setHeader(res, name, answer.headers[name] as string);
        adapter.reply(res, answer.body, answer.status);
      });
    }

    private answer(req: unknown, source: string, pathSegments: string[]): Promise<PimResponse> {
      const receiver = this.receiver;
      if (!receiver.hasSource(source)) {
        return Promise.resolve(
          receiver.reject(
            new PimWebhookError('unknown_source', `No source named "${source}" is configured.`),
            undefined,
          ),
        );
      }
      const { raw, captured } = nodeRequestOf(req);
      return obtainRawBody({
        req: raw,
        captured,
        maxBodyBytes: receiver.options.maxBodyBytes,
        bodyTimeoutMs: receiver.options.bodyTimeoutMs,
        source,
        fix: NEST_RAW_BODY_FIX,
      }).then(
        (body) => {
          const url = raw.url ?? '/';
          const q = url.indexOf('?');
          return receiver.handle({
            source,
            method: raw.method ?? 'GET',
            headers: raw.headers,
            body,
            pathSegments,
            query: q === -1 ? '' : url.slice(q + 1),
          });
        },
        (error: unknown) => receiver.reject(error as PimWebhookError, source),
      );
    }
  }
  for (const decorate of decorators) decorate(PimWebhooksController);
  return PimWebhooksController;
}
