// Installs the packed packages into throwaway projects, as users' projects would (ESM and CommonJS,
// Express 4 and 5, Koa 2 and 3, Nest 11 and 12), and runs a smoke test in each: a real server receives a signed
// Bluestone delivery, and a forged one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack, publishablePackages } from './lib/pack.mjs';

const work = mkdtempSync(join(tmpdir(), 'pimhooks-consumers-'));
const packs = join(work, 'packs');
mkdirSync(packs);
const tarballs = Object.fromEntries(publishablePackages().map(({ dir, name }) => [name, pack(dir, packs)]));

// The smoke test, shared by every project: sign with node:crypto, post, check answers and the handler.
const smoke = (serve) => `
const secret = 'consumer-smoke-secret';
const receiver = createPimReceiver({ sources: [bluestone({ secret })], logger: false });
const seen = [];
receiver.on('PRODUCT_CREATED', (event) => { seen.push(event.data.metadataChanges.length); });
const body = JSON.stringify({ timestamp: Date.now(), events: [{ changes: { eventType: 'PRODUCT_CREATED', entityIds: ['p1'], metadataChanges: [{ field: 'NAME', oldValue: null, newValue: 'A' }] } }] });
const signature = createHmac('sha256', secret).update(body).digest('hex');
${serve}
const url = 'http://127.0.0.1:' + server.address().port + '/webhooks/bluestone';
const post = (sig) => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-bs-signature': sig } });
const ok = await post(signature);
const forged = await post(signature.replace(/^./, (c) => (c === '0' ? '1' : '0')));
server.close();
if (ok.status !== 200 || forged.status !== 401 || seen.join() !== '1') {
  console.error('smoke test failed', ok.status, forged.status, seen);
  process.exit(1);
}
`;

const listen = (app) =>
  `const server = await new Promise((resolve) => { const s = ${app}.listen(0, '127.0.0.1', () => resolve(s)); });`;

const projects = [
  {
    name: 'core, ESM, node:http',
    type: 'module',
    deps: ['@pimhooks/core'],
    code: `import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { bluestone, createNodeHandler, createPimReceiver } from '@pimhooks/core';
${smoke(listen('createServer(createNodeHandler(receiver))'))}`,
  },
  {
    name: 'core, CommonJS, node:http',
    type: 'commonjs',
    deps: ['@pimhooks/core'],
    code: `const { createServer } = require('node:http');
const { createHmac } = require('node:crypto');
const { bluestone, createNodeHandler, createPimReceiver } = require('@pimhooks/core');
(async () => {
${smoke(listen('createServer(createNodeHandler(receiver))'))}
})();`,
  },
  ...[4, 5].map((major) => ({
    name: `Express ${major}, ${major === 4 ? 'CommonJS' : 'ESM'}`,
    type: major === 4 ? 'commonjs' : 'module',
    deps: ['@pimhooks/core', '@pimhooks/express', `express@${major}`],
    code:
      major === 4
        ? `const { createHmac } = require('node:crypto');
const express = require('express');
const { bluestone, createPimReceiver } = require('@pimhooks/core');
const { pimWebhooks } = require('@pimhooks/express');
(async () => {
${smoke(`const app = express(); app.use(pimWebhooks(receiver)); app.use(express.json());\n${listen('app')}`)}
})();`
        : `import { createHmac } from 'node:crypto';
import express from 'express';
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/express';
${smoke(`const app = express(); app.use(pimWebhooks(receiver));\n${listen('app')}`)}`,
  })),
  ...[2, 3].map((major) => ({
    name: `Koa ${major}, ${major === 2 ? 'CommonJS' : 'ESM'}`,
    type: major === 2 ? 'commonjs' : 'module',
    deps: ['@pimhooks/core', '@pimhooks/koa', `koa@${major}`],
    code:
      major === 2
        ? `const { createHmac } = require('node:crypto');
const Koa = require('koa');
const { bluestone, createPimReceiver } = require('@pimhooks/core');
const { pimWebhooks } = require('@pimhooks/koa');
(async () => {
${smoke(`const app = new Koa(); app.use(pimWebhooks(receiver));\n${listen('app')}`)}
})();`
        : `import { createHmac } from 'node:crypto';
import Koa from 'koa';
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/koa';
${smoke(`const app = new Koa(); app.use(pimWebhooks(receiver));\n${listen('app')}`)}`,
  })),
  ...[11, 12].map((major) => ({
    name: `Nest ${major} (Express platform), ${major === 11 ? 'CommonJS' : 'ESM'}`,
    type: major === 11 ? 'commonjs' : 'module',
    deps: [
      '@pimhooks/core',
      '@pimhooks/nestjs',
      `@nestjs/common@${major}`,
      `@nestjs/core@${major}`,
      `@nestjs/platform-express@${major}`,
      'reflect-metadata',
      'rxjs',
    ],
    // Plain JavaScript has no decorator syntax: the decorators are applied as the functions they are.
    code: `${
      major === 11
        ? `require('reflect-metadata');
const { createHmac } = require('node:crypto');
const { Injectable, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { bluestone } = require('@pimhooks/core');
const { OnPimEvent, PimWebhooksModule } = require('@pimhooks/nestjs');
(async () => {`
        : `import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bluestone } from '@pimhooks/core';
import { OnPimEvent, PimWebhooksModule } from '@pimhooks/nestjs';`
    }
const secret = 'consumer-smoke-secret';
const seen = [];
class Handlers { created(event) { seen.push(event.data.metadataChanges.length); } }
OnPimEvent('PRODUCT_CREATED')(Handlers.prototype, 'created', Object.getOwnPropertyDescriptor(Handlers.prototype, 'created'));
Injectable()(Handlers);
class AppModule {}
Module({ imports: [PimWebhooksModule.forRoot({ sources: [bluestone({ secret })], logger: false })], providers: [Handlers] })(AppModule);
const app = await NestFactory.create(AppModule, { rawBody: true, logger: false });
await app.listen(0, '127.0.0.1');
const body = JSON.stringify({ timestamp: Date.now(), events: [{ changes: { eventType: 'PRODUCT_CREATED', entityIds: ['p1'], metadataChanges: [{ field: 'NAME', oldValue: null, newValue: 'A' }] } }] });
const signature = createHmac('sha256', secret).update(body).digest('hex');
const url = 'http://127.0.0.1:' + app.getHttpServer().address().port + '/webhooks/bluestone';
const post = (sig) => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-bs-signature': sig } });
const ok = await post(signature);
const forged = await post(signature.replace(/^./, (c) => (c === '0' ? '1' : '0')));
await app.close();
if (ok.status !== 200 || forged.status !== 401 || seen.join() !== '1') {
  console.error('smoke test failed', ok.status, forged.status, seen);
  process.exit(1);
}
${major === 11 ? '})();' : ''}`,
  })),
  {
    name: 'testing CLI, npx pimhooks',
    type: 'module',
    deps: ['@pimhooks/core', '@pimhooks/testing'],
    code: `import { execFileSync } from 'node:child_process';
const help = execFileSync('npx', ['--no-install', 'pimhooks', 'send', '--help'], { encoding: 'utf8' });
if (!help.includes('pimhooks send')) { console.error(help); process.exit(1); }`,
  },
];

let failed = 0;
for (const [i, project] of projects.entries()) {
  const dir = join(work, `project-${i}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${i}`, private: true, type: project.type }),
  );
  writeFileSync(join(dir, 'smoke.js'), project.code);
  const specs = project.deps.map((dep) => tarballs[dep] ?? dep);
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
      cwd: dir,
      stdio: 'pipe',
    });
    execFileSync(process.execPath, ['smoke.js'], { cwd: dir, stdio: 'pipe', timeout: 60_000 });
    console.log(`ok    ${project.name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL  ${project.name}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}
console.log(`\n${projects.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
