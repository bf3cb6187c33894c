import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];

/** A real Nest app on a free port, on the given platform; `rawBody` as Nest's own option. */
export async function startNest(
  module: unknown,
  platform: Platform,
  rawBody = true,
): Promise<{ app: INestApplication; base: string }> {
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(module as never, adapter, { rawBody, logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return { app, base: `${url.replace('[::1]', '127.0.0.1')}/webhooks` };
}
