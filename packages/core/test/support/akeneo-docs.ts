// The setup shown in docs/vendors/akeneo.md: typechecked with the package (and by
// akeneo-types.test-d.ts), and found verbatim in the doc by akeneo-docs.test.ts.
// #region docs
import { akeneo, createPimReceiver } from '@pimhooks/core';

const receiver = createPimReceiver({
  sources: [
    akeneo({
      // The subscription's config.secret.primary; during a rotation, [primary, secondary].
      secret: process.env.AKENEO_SECRET ?? '',
      // Acknowledge after 4 s (Akeneo waits 5 s); slow handlers go on in the background.
      ackDeadlineMs: 4000,
    }),
  ],
});

// Only the delta variant says what changed.
receiver.on('com.akeneo.pim.v1.product.updated.delta', (event) => {
  for (const change of event.changes) {
    console.log(
      `${event.data.product.uuid}: ${change.field} ${String(change.oldValue)} -> ${String(change.newValue)}`,
    );
  }
});

receiver.on('com.akeneo.pim.v1.product-model.deleted', (event) => {
  console.log(`product model ${event.data.product_model.code} deleted`);
});

// Unknown types (Akeneo adds new ones) arrive here too, untyped, and are acknowledged.
receiver.on('akeneo:*', (event) => {
  console.log(`${event.type} ${event.id} at ${event.occurredAt?.toISOString()}`);
});

// #endregion docs

export { receiver };
