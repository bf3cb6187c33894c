import { request } from 'node:http';

/** Send the start of a body with a larger declared length and never finish it. */
export function sendIncomplete(
  origin: string,
  path: string,
): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '1000' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      req.destroy();
    });
    req.on('error', reject);
    req.write('{"timestamp":1,');
  });
}

/** POST `body` as a stream without a declared length (chunked), so only reading it reveals its size. */
export function postStreamed(url: string, headers: Record<string, string>, body: string): Promise<Response> {
  const bytes = new TextEncoder().encode(body);
  return fetch(url, {
    method: 'POST',
    headers,
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
}
