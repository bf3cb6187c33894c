import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import express5 from 'express';
import express4 from 'express4';

/** The Express majors every suite runs on: Express 5 (`express`) and Express 4 (the `express4` alias). */
export const expressMajors = [
  { name: 'Express 5', major: 5, express: express5, packageName: 'express' },
  { name: 'Express 4', major: 4, express: express4, packageName: 'express4' },
] as const;

/** An Express app listening on a free port of 127.0.0.1. */
export interface Served {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Start `app` on port 0 and wait until it listens. */
export async function serve(app: Express): Promise<Served> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
