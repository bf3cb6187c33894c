import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHandler, createPimReceiver, type PimSource } from '../src/index.js';
import { batchOf, bluestoneExamples, request, setup, sign } from './helpers/bluestone.js';
import { listen } from './helpers/server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(receiverOptions = {}, withNext = true) {
  const ctx = setup({}, receiverOptions);
  const handled: string[] = [];
  ctx.receiver.onAny((event) => {
    handled.push(event.type);
  });
  const server = await listen(createNodeHandler(ctx.receiver), withNext);
  close = server.close;
  return { ...ctx, handled, url: server.url };
}

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', body, headers: { 'x-bs-signature': sign(body), ...headers } });
}

/** Writes raw bytes to the server and resolves with what it answered (or '' if it closed). */
function rawExchange(url: string, chunks: string[], waitMs: number): Promise<string> {
  return rawSession(url, chunks, waitMs).then((r) => r.answer);
}

/**
 * Writes raw bytes and never finishes the request. Resolves with the answer and whether the server
 * closed the connection itself (rather than the client giving up after `waitMs`).
 */
function rawSession(
  url: string,
  chunks: string[],
  waitMs: number,
): Promise<{ answer: string; serverClosed: boolean }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let serverClosed = false;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      answer += d;
    });
    socket.on('end', () => {
      serverClosed = true;
      socket.destroy();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer, serverClosed });
    });
    socket.on('error', () => {});
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      timer = setTimeout(() => socket.destroy(), waitMs);
    });
  });
}

describe('createNodeHandler on a real node:http server', () => {
  it('handles every documented example posted over HTTP', async () => {
    const { url, handled } = await serve();
    for (const example of bluestoneExamples) {
      const response = await post(`${url}/webhooks/bluestone`, JSON.stringify(example.body));
      expect(response.status, example.type).toBe(200);
    }
    expect(handled).toEqual(bluestoneExamples.map((e) => e.type));
  });

  it('passes other paths and unknown sources to next, or answers 404 without next', async () => {
    const { url } = await serve();
    expect((await fetch(`${url}/health`)).status).toBe(418);
    expect((await fetch(`${url}/webhooks/acme`, { method: 'POST' })).status).toBe(418);
    await close?.();
    const bare = await serve({}, false);
    expect((await fetch(`${bare.url}/elsewhere`)).status).toBe(404);
  });

  it('serves a custom mount path and leaves the default one to next', async () => {
    const ctx = setup();
    let handled = 0;
    ctx.receiver.onAny(() => {
      handled++;
    });
    const server = await listen(createNodeHandler(ctx.receiver, { path: '/api/pim-hooks/' }));
    close = server.close;
    const body = JSON.stringify(batchOf(['PRODUCT_CREATED']));
    expect((await post(`${server.url}/api/pim-hooks/bluestone?from=test`, body)).status).toBe(200);
    expect((await post(`${server.url}/webhooks/bluestone`, body)).status).toBe(418);
    expect(handled).toBe(1);
  });

  it('reads the query and path segments, and answers 405 with Allow', async () => {
    const { url } = await serve();
    const response = await fetch(`${url}/webhooks/bluestone?x=1`, { method: 'PUT', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 413 from Content-Length without reading the body', async () => {
    const { url, errors, handled } = await serve({ maxBodyBytes: 1000 });
    const answer = await rawExchange(
      url,
      ['POST /webhooks/bluestone HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n', 'x'.repeat(100)],
      300,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
    expect(handled).toEqual([]);
  });

  it('answers 413 from Content-Length before the client sent a single body byte, then closes', async () => {
    const { url, errors, handled } = await serve({ maxBodyBytes: 1000 });
    // The client never sends the body: the answer can only come from the declared length.
    const { answer, serverClosed } = await rawSession(
      url,
      ['POST /webhooks/bluestone HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n'],
      5000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(serverClosed).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
    expect(handled).toEqual([]);
  });

  it('closes the connection after a chunked body passes the limit, without waiting for the rest', async () => {
    const { url, errors } = await serve({ maxBodyBytes: 1000 });
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
    // Never sends the terminating chunk: the server must end the exchange itself.
    const { answer, serverClosed } = await rawSession(
      url,
      [
        'POST /webhooks/bluestone HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
        chunk('y'.repeat(600)),
        chunk('y'.repeat(600)),
      ],
      5000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(serverClosed).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['payload_too_large']);
  });

  it('answers 413 for a chunked body that grows past the limit, and closes the connection', async () => {
    const { url, errors } = await serve({ maxBodyBytes: 1000 });
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
    const answer = await rawExchange(
      url,
      [
        'POST /webhooks/bluestone HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
        chunk('y'.repeat(800)),
        chunk('y'.repeat(800)),
      ],
      300,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(errors[0]?.code).toBe('payload_too_large');
  });

  it('answers 408 to a client that trickles its body past bodyTimeoutMs', async () => {
    const { url, errors, handled } = await serve({ bodyTimeoutMs: 200 });
    const { answer, serverClosed } = await rawSession(
      url,
      ['POST /webhooks/bluestone HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n', '{"timestamp":'],
      10_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(serverClosed).toBe(true);
    expect(errors[0]?.code).toBe('body_timeout');
    expect(handled).toEqual([]);
  });

  it('survives a client that goes away mid-body, reporting it and handling nothing', async () => {
    const { url, errors, handled, receiver } = await serve();
    await rawExchange(
      url,
      ['POST /webhooks/bluestone HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n', '{"a":'],
      50,
    );
    for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(errors.map((e) => e.code)).toEqual(['body_aborted']);
    expect(handled).toEqual([]);
    const after = await post(`${url}/webhooks/bluestone`, JSON.stringify(batchOf(['PRODUCT_CREATED'])));
    expect(after.status).toBe(200);
    expect(receiver.inFlight).toBe(0);
  });

  it('answers a forged delivery 401 over HTTP', async () => {
    const { url } = await serve();
    const body = JSON.stringify(batchOf(['PRODUCT_CREATED']));
    const response = await fetch(`${url}/webhooks/bluestone`, {
      method: 'POST',
      body,
      headers: { 'x-bs-signature': sign(`${body} `) },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error: 'unauthorized' });
  });

  it('runs the handler once for 40 identical deliveries sent at once over HTTP', async () => {
    const ctx = setup();
    let runs = 0;
    let finished = false;
    ctx.receiver.on('PRODUCT_CREATED', async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      finished = true;
    });
    const server = await listen(createNodeHandler(ctx.receiver));
    close = server.close;
    const { body, headers } = request(batchOf(['PRODUCT_CREATED']));
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${server.url}/webhooks/bluestone`, {
          method: 'POST',
          body: body as string,
          headers: headers as Record<string, string>,
        }).then((r) => {
          expect(finished).toBe(true);
          return r.status;
        }),
      ),
    );
    expect(statuses).toEqual(Array(40).fill(200));
    expect(runs).toBe(1);
  });

  it('hands a bug in a source (an answer policy that throws) to next, or answers 500 and warns', async () => {
    const broken: PimSource<'broken'> = {
      name: 'broken',
      methods: ['POST'],
      ackDeadlineMs: undefined,
      verify: () => undefined,
      decode: () => {
        throw new TypeError('undecodable');
      },
      toEvents: () => [],
      answer: () => {
        throw new Error('the answer policy is broken');
      },
    };
    const receiver = createPimReceiver({ sources: [broken], logger: false });
    const handler = createNodeHandler(receiver);
    const passedOn: unknown[] = [];
    const withNext = await listen((req, res) =>
      handler(req, res, (error) => {
        passedOn.push(error);
        res.statusCode = 502;
        res.end();
      }),
    );
    const withoutNext = await listen(handler, false);
    close = async () => {
      await withNext.close();
      await withoutNext.close();
    };
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      expect((await fetch(`${withNext.url}/webhooks/broken`, { method: 'POST', body: '{}' })).status).toBe(
        502,
      );
      expect(passedOn.map((e) => (e as Error).message)).toEqual(['the answer policy is broken']);
      const answer = await fetch(`${withoutNext.url}/webhooks/broken`, { method: 'POST', body: '{}' });
      expect(answer.status).toBe(500);
      expect(await answer.json()).toEqual({ ok: false, error: 'internal_error' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => (w as Error & { code?: string }).code)).toEqual(['PIMHOOKS_INTERNAL_ERROR']);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
