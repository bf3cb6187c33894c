import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);

// rawBody: Nest keeps the exact bytes of each request, which signature checks need.
const app = await NestFactory.create(AppModule, { rawBody: true, logger: ['error', 'warn'] });
// On SIGTERM/SIGINT: stop, refuse new deliveries with 503, let running handlers finish.
app.enableShutdownHooks();
await app.listen(port, host);
const { port: actual } = app.getHttpServer().address() as { port: number };
console.log(`listening on http://${host}:${actual}`);
