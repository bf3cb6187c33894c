// The README's @koa/router setup, typechecked with the package and run by readme.test.ts.
// #region readme
import { Router } from '@koa/router';
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { pimWebhook } from '@pimhooks/koa';
import Koa from 'koa';

const receiver = createPimReceiver({ sources: [bluestone({ secret: process.env.BLUESTONE_SECRET! })] });

const router = new Router();
router.post('/hooks/bluestone', pimWebhook(receiver, 'bluestone'));

const app = new Koa();
app.use(router.routes()).use(router.allowedMethods());

// #endregion readme

export { app, receiver };
