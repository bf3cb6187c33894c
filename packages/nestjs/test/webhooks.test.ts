import 'reflect-metadata';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Module,
  SetMetadata,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { bizzkit, bluestone, type PimEventFor, type PimWebhookError } from '@pimhooks/core';
import {
  bluestoneBatch,
  bluestoneExamples,
  TEST_VENDOR_SECRETS as S,
  sendDelivery,
  signBizzkit,
  signBluestone,
  tamperBody,
} from '@pimhooks/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { OnPimEvent, PIM_WEBHOOK_ROUTE, PimWebhooksModule } from '../src/index.js';
import { PLATFORMS, startNest } from './support/app.js';

const errors: PimWebhookError[] = [];
const seen: string[] = [];
let failNext = 0;

@Injectable()
class CatalogHandlers {
  @OnPimEvent('PRODUCT_CREATED')
  created(event: PimEventFor<'PRODUCT_CREATED'>): void {
    seen.push(`created:${event.data.metadataChanges.length}`);
  }

  @OnPimEvent('product.created')
  topic(event: PimEventFor<'product.created'>): void {
    seen.push(`topic:${event.source}`);
  }

  @OnPimEvent('bluestone:*')
  any(event: PimEventFor<'bluestone:*'>): void {
    seen.push(event.type);
  }

  @OnPimEvent(['CATEGORY_REMOVED'])
  async removed(): Promise<void> {
    if (failNext > 0) {
      failNext--;
      throw new Error('catalog database down');
    }
  }

  @OnPimEvent('ProductCatalogueItemCreated')
  bizzkitItem(event: PimEventFor<'ProductCatalogueItemCreated'>): void {
    seen.push(`bizzkit:${event.type}`);
  }
}

const sources = () => [bluestone({ secret: S.bluestone }), bizzkit({ secret: S.bizzkit })];

@Module({
  imports: [
    PimWebhooksModule.forRoot({ sources: sources(), logger: false, onError: (e) => void errors.push(e) }),
  ],
  providers: [CatalogHandlers],
})
class AppModule {}

@Module({
  imports: [
    PimWebhooksModule.forRoot({
      sources: sources(),
      logger: false,
      maxBodyBytes: 2000,
      onError: (e) => void errors.push(e),
    }),
  ],
})
class SmallBodyModule {}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  errors.length = 0;
  seen.length = 0;
  failNext = 0;
});

async function start(module: unknown, platform: (typeof PLATFORMS)[number], rawBody = true) {
  const { app, base } = await startNest(module, platform, rawBody);
  close = () => app.close();
  return base;
}

describe.each(PLATFORMS)('PimWebhooksModule on %s', (platform) => {
  it('delivers all 25 documented Bluestone events to @OnPimEvent handlers', async () => {
    const base = await start(AppModule, platform);
    for (const example of bluestoneExamples) {
      const answer = await sendDelivery(base, signBluestone(example.body, S.bluestone));
      expect(answer.status, example.type).toBe(200);
    }
    expect(seen.filter((s) => !s.includes(':'))).toEqual(bluestoneExamples.map((e) => e.type));
    expect(seen).toContain('created:3');
    expect(seen).toContain('topic:bluestone');
  });

  it('handles a batch once and acknowledges its retry as duplicates', async () => {
    const base = await start(AppModule, platform);
    const batch = bluestoneBatch(['PRODUCT_CREATED', 'PRODUCT_WATCH_LABEL'], S.bluestone);
    expect(JSON.parse((await sendDelivery(base, batch)).body)).toEqual({
      ok: true,
      events: 2,
      duplicates: 0,
    });
    expect(JSON.parse((await sendDelivery(base, batch)).body)).toEqual({
      ok: true,
      events: 2,
      duplicates: 2,
    });
    expect(seen.filter((s) => s === 'PRODUCT_CREATED')).toHaveLength(1);
  });

  it('serves a source that reads a path segment (Bizzkit event name)', async () => {
    const base = await start(AppModule, platform);
    const answer = await sendDelivery(
      base,
      signBizzkit('ProductCatalogueItemCreated', { id: 'i1' }, S.bizzkit),
    );
    expect(answer.status).toBe(200);
    expect(seen).toContain('bizzkit:ProductCatalogueItemCreated');
  });

  it('answers bad input per the policy and runs no handler', async () => {
    const base = await start(SmallBodyModule, platform);
    const batch = bluestoneBatch(['PRODUCT_CREATED'], S.bluestone);
    expect((await sendDelivery(base, tamperBody(batch))).status).toBe(401);
    expect(
      (await sendDelivery(base, { ...batch, headers: { 'content-type': 'application/json' } })).status,
    ).toBe(401);
    // Nest's own JSON parser refuses malformed JSON (400) before pimhooks sees it, so onError is not
    // told of this one; the README says so.
    const notJson = signBluestone('{"events": [', S.bluestone);
    expect((await sendDelivery(base, notJson)).status).toBe(400);
    const notEnvelope = signBluestone('{"events": 5}', S.bluestone);
    expect((await sendDelivery(base, notEnvelope)).status).toBe(400);
    const large = signBluestone(
      JSON.stringify({ timestamp: 1, events: [], pad: 'x'.repeat(5000) }),
      S.bluestone,
    );
    expect((await sendDelivery(base, large)).status).toBe(413);
    const get = await fetch(`${base}/bluestone`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await sendDelivery(base, { ...batch, source: 'acme' })).status).toBe(404);
    expect(errors.map((e) => e.code)).toEqual([
      'signature_invalid',
      'signature_missing',
      'invalid_envelope',
      'payload_too_large',
      'method_not_allowed',
      'unknown_source',
    ]);
    expect(seen).toEqual([]);
  });

  it('answers a failed handler with 503 + Retry-After (not an exception filter) and processes the retry', async () => {
    const base = await start(AppModule, platform);
    failNext = 1;
    const delivery = bluestoneBatch(['CATEGORY_REMOVED'], S.bluestone);
    const failed = await sendDelivery(base, delivery);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('60');
    expect(JSON.parse(failed.body)).toEqual({ ok: false, error: 'handler_failed' });
    expect(errors[0]?.message).toContain('catalog database down');
    expect((await sendDelivery(base, delivery)).status).toBe(200);
  });

  it('without rawBody: true, answers 500 and reports how to fix the setup', async () => {
    const base = await start(AppModule, platform, false);
    const answer = await sendDelivery(base, bluestoneBatch(['PRODUCT_CREATED'], S.bluestone));
    expect(answer.status).toBe(500);
    expect(errors[0]?.code).toBe('raw_body_unavailable');
    expect(errors[0]?.message).toContain('NestFactory.create(AppModule, { rawBody: true })');
    expect(seen).toEqual([]);
  });
});

// forRootAsync with options from a provider of another module, as with @nestjs/config.
@Injectable()
class WebhookConfig {
  readonly secret = S.bluestone;
}
@Module({ providers: [WebhookConfig], exports: [WebhookConfig] })
class ConfigModule {}

@Module({
  imports: [
    PimWebhooksModule.forRootAsync({
      imports: [ConfigModule],
      inject: [WebhookConfig],
      useFactory: (config: WebhookConfig) => ({
        sources: [bluestone({ secret: config.secret })],
        logger: false,
      }),
      path: 'hooks/pim',
    }),
  ],
  providers: [CatalogHandlers],
})
class AsyncModule {}

// A global guard that refuses everything not marked public, as auth guards do.
@Injectable()
class DenyUnlessPublic implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean>('isPublic', [context.getHandler(), context.getClass()]) ===
      true
    );
  }
}
const Public = () => SetMetadata('isPublic', true);

@Module({
  imports: [PimWebhooksModule.forRoot({ sources: sources(), logger: false, decorators: [Public()] })],
  providers: [CatalogHandlers, { provide: APP_GUARD, useClass: DenyUnlessPublic }],
})
class GuardedModule {}

@Module({
  imports: [PimWebhooksModule.forRoot({ sources: sources(), logger: false })],
  providers: [{ provide: APP_GUARD, useClass: DenyUnlessPublic }],
})
class GuardedWithoutExemptionModule {}

// A guard that lets through the routes pimhooks marks, and refuses the rest.
@Injectable()
class AllowWebhookRoutes implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    return this.reflector.get<boolean>(PIM_WEBHOOK_ROUTE, context.getClass()) === true;
  }
}

@Module({
  imports: [PimWebhooksModule.forRoot({ sources: sources(), logger: false })],
  providers: [{ provide: APP_GUARD, useClass: AllowWebhookRoutes }],
})
class GuardedByMarkModule {}

describe.each(PLATFORMS)('module options on %s', (platform) => {
  it('forRootAsync takes its options from an injected provider and serves the configured path', async () => {
    const { app, base } = await startNest(AsyncModule, platform);
    close = () => app.close();
    const root = base.replace(/\/webhooks$/, '');
    const answer = await sendDelivery(`${root}/hooks/pim`, bluestoneBatch(['PRODUCT_CREATED'], S.bluestone));
    expect(answer.status).toBe(200);
    expect(seen).toContain('PRODUCT_CREATED');
  });

  it('keeps a global guard off the webhook routes through `decorators`', async () => {
    const base = await start(GuardedModule, platform);
    expect((await sendDelivery(base, bluestoneBatch(['PRODUCT_CREATED'], S.bluestone))).status).toBe(200);
  });

  it('is stopped by a global guard when not exempted (so the exemption is what lets deliveries through)', async () => {
    const base = await start(GuardedWithoutExemptionModule, platform);
    expect((await sendDelivery(base, bluestoneBatch(['PRODUCT_CREATED'], S.bluestone))).status).toBe(403);
  });

  it('marks the webhook controller, so a guard can let webhook routes through by that mark', async () => {
    const base = await start(GuardedByMarkModule, platform);
    expect((await sendDelivery(base, bluestoneBatch(['PRODUCT_CREATED'], S.bluestone))).status).toBe(200);
  });
});
