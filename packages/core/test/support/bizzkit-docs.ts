// The setup shown in docs/vendors/bizzkit.md: typechecked with the package (and by
// bizzkit-types.test-d.ts, which relies on its declarations), and found verbatim in the doc by
// bizzkit-docs.test.ts.
// #region docs
import { bizzkit, createPimReceiver } from '@pimhooks/core';

// Type the payloads of the events you subscribe to (copy the fields from the payload
// example Bizzkit shows for each event under Administration -> Webhooks).
declare module '@pimhooks/core' {
  interface BizzkitPayloads {
    ProductCatalogueItemCreated: { productCatalogueItemId: number; number: string };
    ProductCatalogueItemDeleted: { productCatalogueItemId: number };
  }
}

const receiver = createPimReceiver({
  sources: [
    bizzkit({
      // The secret set on the webhook in Bizzkit: at least 32 characters.
      secret: process.env.BIZZKIT_SECRET ?? '',
      // Bizzkit accepts only 200 or 204 as success.
      successStatus: 204,
      entityIds: (payload) => [String(payload.productCatalogueItemId)],
    }),
  ],
});

// Registered in Bizzkit as https://example.com/webhooks/bizzkit/ProductCatalogueItemCreated
receiver.on('ProductCatalogueItemCreated', (event) => {
  console.log(`product ${event.data.number} created (${event.entityIds[0]})`);
});

// Bizzkit's ProductCatalogueItemDeleted, and the same change from every other PIM.
receiver.on('product.deleted', (event) => {
  console.log(`${event.source} deleted product ${event.entityIds.join(', ')}`);
});

// #endregion docs

export { receiver };
