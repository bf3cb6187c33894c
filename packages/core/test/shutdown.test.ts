import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/index.js';
import { batchOf, request, setup } from './helpers/bluestone.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('receiver.close()', () => {
  it('refuses new deliveries with 503 + Retry-After and lets running handlers finish', async () => {
    const { receiver, errors } = setup();
    const slow = gate();
    let finished = 0;
    receiver.on('PRODUCT_CREATED', async () => {
      await slow.opened;
      finished++;
    });
    const running = receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    await new Promise((r) => setTimeout(r, 5));
    const closing = receiver.close({ timeoutMs: 2000 });

    const refused = await receiver.handle(request(batchOf(['CATEGORY_REMOVED'])));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(errors.map((e) => e.code)).toEqual(['shutting_down']);

    slow.open();
    expect((await running).status).toBe(200);
    expect(await closing).toEqual({ finished: 1, abandoned: 0 });
    expect(finished).toBe(1);
    expect(receiver.closed).toBe(true);
  });

  it('releases the claims of handlers still running at the timeout, so a retry elsewhere is processed', async () => {
    const store = memoryStore();
    const { receiver } = setup({}, { store });
    const never = gate();
    receiver.on('PRODUCT_CREATED', () => never.opened);
    const delivery = request(batchOf(['PRODUCT_CREATED']));
    void receiver.handle(delivery);
    await new Promise((r) => setTimeout(r, 5));

    expect(await receiver.close({ timeoutMs: 30 })).toEqual({ finished: 0, abandoned: 1 });

    // Another instance sharing the store now gets the retry and handles it.
    const other = setup({}, { store });
    let handled = 0;
    other.receiver.onAny(() => {
      handled++;
    });
    expect((await other.receiver.handle(delivery)).status).toBe(200);
    expect(handled).toBe(1);
    never.open();
  });

  it('closes at once when nothing is running', async () => {
    const { receiver } = setup();
    expect(await receiver.close()).toEqual({ finished: 0, abandoned: 0 });
  });
});
