// The README's raw-body setups, typechecked with the package and run by readme.test.ts: each
// function builds one app the way its README snippet shows.
import { bodyParser } from '@koa/bodyparser';
import { bluestone, createPimReceiver, type PimReceiver } from '@pimhooks/core';
import { pimWebhooks } from '@pimhooks/koa';
import Koa from 'koa';
import { koaBody } from 'koa-body';

export function webhooksFirst(receiver: PimReceiver): Koa {
  const app = new Koa();
  // #region readme:webhooks-first
  app.use(pimWebhooks(receiver)); // reads the untouched request stream
  app.use(bodyParser()); // parses the bodies of every other route
  // #endregion readme:webhooks-first
  return app;
}

export function bodyparserFirst(receiver: PimReceiver): Koa {
  const app = new Koa();
  // #region readme:bodyparser-first
  app.use(bodyParser()); // keeps the text it parsed in ctx.request.rawBody
  app.use(pimWebhooks(receiver)); // verifies ctx.request.rawBody
  // #endregion readme:bodyparser-first
  return app;
}

export function koaBodyFirst(receiver: PimReceiver): Koa {
  const app = new Koa();
  // #region readme:koa-body-first
  // koa-body 6 is typed against Koa 2's declarations: on Koa 3 the cast is needed.
  app.use(koaBody({ includeUnparsed: true }) as unknown as Koa.Middleware);
  app.use(pimWebhooks(receiver));
  // #endregion readme:koa-body-first
  return app;
}

export function koaBodyWithoutUnparsed(receiver: PimReceiver): Koa {
  const app = new Koa();
  // #region readme:koa-body-broken
  app.use(koaBody() as unknown as Koa.Middleware); // keeps only the parsed object
  app.use(pimWebhooks(receiver)); // answers 500 and reports how to fix the setup
  // #endregion readme:koa-body-broken
  return app;
}

/** A receiver the setups above can be tried with. */
export function setupReceiver(secret: string): PimReceiver {
  return createPimReceiver({ sources: [bluestone({ secret })], logger: false });
}
