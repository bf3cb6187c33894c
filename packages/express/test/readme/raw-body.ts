// The README's raw-body setups, typechecked with the package and run by readme.test.ts: each
// function builds one app the way its README snippet shows.
import type { IncomingMessage } from 'node:http';
import { bluestone, createPimReceiver, type PimReceiver } from '@pimhooks/core';
import { keepRawBody, pimWebhooks } from '@pimhooks/express';
import express, { type Express } from 'express';

export function webhooksFirst(receiver: PimReceiver): Express {
  const app = express();
  // #region readme:webhooks-first
  app.use(pimWebhooks(receiver)); // reads the untouched request stream
  app.use(express.json()); // parses the bodies of every other route
  // #endregion readme:webhooks-first
  return app;
}

export function jsonKeepsRawBody(receiver: PimReceiver): Express {
  const app = express();
  // #region readme:json-verify
  app.use(express.json({ verify: keepRawBody })); // keeps the exact bytes in req.rawBody
  app.use(pimWebhooks(receiver)); // verifies req.rawBody
  // #endregion readme:json-verify
  return app;
}

export function jsonKeepsRawBodyInline(receiver: PimReceiver): Express {
  const app = express();
  // #region readme:json-verify-inline
  app.use(
    express.json({
      verify: (req: IncomingMessage & { rawBody?: Buffer }, _res, buf) => {
        req.rawBody = buf;
      },
    }),
  );
  app.use(pimWebhooks(receiver));
  // #endregion readme:json-verify-inline
  return app;
}

export function rawFirst(receiver: PimReceiver): Express {
  const app = express();
  // #region readme:raw-first
  // Only the webhook routes get the raw parser; every content type is kept as a Buffer.
  app.use('/webhooks', express.raw({ type: '*/*' }));
  app.use(express.json());
  app.use(pimWebhooks(receiver)); // verifies the Buffer in req.body
  // #endregion readme:raw-first
  return app;
}

export function textFirst(receiver: PimReceiver): Express {
  const app = express();
  // #region readme:text-first
  app.use(express.text({ type: '*/*' })); // a UTF-8 string in req.body
  app.use(pimWebhooks(receiver)); // verifies that string's UTF-8 bytes
  // #endregion readme:text-first
  return app;
}

export function jsonWithoutRawBody(receiver: PimReceiver): Express {
  const app = express();
  // #region readme:json-broken
  app.use(express.json()); // keeps only the parsed object
  app.use(pimWebhooks(receiver)); // answers 500 and reports how to fix the setup
  // #endregion readme:json-broken
  return app;
}

/** A receiver the setups above can be tried with. */
export function setupReceiver(secret: string): PimReceiver {
  return createPimReceiver({ sources: [bluestone({ secret })], logger: false });
}
