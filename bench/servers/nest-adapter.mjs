// @pimhooks/nestjs: PimWebhooksModule.forRoot + an @OnPimEvent handler, on the same Nest setup as
// the hand-written controller (`rawBody: true`). Decorators are applied by hand (plain JavaScript).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { importBuilt } from '../lib/packages.mjs';
import { listen } from './listen.mjs';

export async function start({ secret }) {
  const { bluestone } = await importBuilt('@pimhooks/core');
  const { OnPimEvent, PimWebhooksModule } = await importBuilt('@pimhooks/nestjs');
  let handled = 0;

  class CountingHandlers {
    count() {
      handled++;
    }
  }
  const method = Object.getOwnPropertyDescriptor(CountingHandlers.prototype, 'count');
  Reflect.decorate([OnPimEvent('bluestone:*')], CountingHandlers.prototype, 'count', method);
  Injectable()(CountingHandlers);

  class AppModule {}
  Module({
    imports: [
      PimWebhooksModule.forRoot({ sources: [bluestone({ secret })], path: 'webhooks', logger: false }),
    ],
    providers: [CountingHandlers],
  })(AppModule);

  const app = await NestFactory.create(AppModule, { rawBody: true, logger: false });
  await app.init();
  return listen(app.getHttpServer(), () => handled);
}
