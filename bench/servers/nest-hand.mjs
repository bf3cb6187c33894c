// Hand-written NestJS controller: Nest's `rawBody: true` keeps the bytes next to the parsed body;
// the controller checks the HMAC on them. Decorators are applied by hand (plain JavaScript).
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post, Req, UnauthorizedException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { handWritten } from './hand-verify.mjs';
import { listen } from './listen.mjs';

export async function start({ secret }) {
  const hand = handWritten(secret);

  class WebhookController {
    receive(req) {
      const count = hand.verify(req.rawBody, req.headers['x-bs-signature'], req.body);
      if (count < 0) throw new UnauthorizedException();
      return { ok: true, events: count };
    }
  }
  const method = Object.getOwnPropertyDescriptor(WebhookController.prototype, 'receive');
  Reflect.decorate([Post('bluestone'), HttpCode(200)], WebhookController.prototype, 'receive', method);
  Req()(WebhookController.prototype, 'receive', 0);
  Controller('webhooks')(WebhookController);

  class AppModule {}
  Module({ controllers: [WebhookController] })(AppModule);

  const app = await NestFactory.create(AppModule, { rawBody: true, logger: false });
  await app.init();
  return listen(app.getHttpServer(), hand.handled);
}
