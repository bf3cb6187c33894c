import { Injectable } from '@nestjs/common';
import type { PimEventFor } from '@pimhooks/core';
import { OnPimEvent } from '@pimhooks/nestjs';

const quiet = process.env.QUIET === '1';

/** Handlers of PIM events: any provider's methods can be, with @OnPimEvent. */
@Injectable()
export class CatalogEvents {
  /** Product names by id, kept from the events (a stand-in for your own store). */
  readonly names = new Map<string, string>();
  private readonly namedAt = new Map<string, number>();

  // Vendors do not promise order: keep a name only if it is newer than the one we have.
  private rename(id: string | undefined, name: unknown, at: Date | undefined): void {
    if (id === undefined || typeof name !== 'string') return;
    const time = at?.getTime() ?? Date.now();
    if ((this.namedAt.get(id) ?? Number.NEGATIVE_INFINITY) > time) return;
    this.names.set(id, name);
    this.namedAt.set(id, time);
  }

  // One JSON line per handled event, for people and for scripts that read the output.
  @OnPimEvent(['bluestone:*', 'bizzkit:*', 'quable:*', 'brightpearl:*', 'akeneo:*'])
  print(event: PimEventFor<'bluestone:*'>): void {
    if (quiet) return;
    const { source, type, topic, id, entityIds } = event;
    console.log(JSON.stringify({ source, type, topic, id, entityIds }));
  }

  @OnPimEvent('PRODUCT_CREATED')
  created(event: PimEventFor<'PRODUCT_CREATED'>): void {
    const name = event.data.metadataChanges.find((change) => change.field === 'NAME')?.newValue;
    this.rename(event.entityIds[0], name, event.occurredAt);
  }

  // The same logical change from any vendor.
  @OnPimEvent('product.updated')
  updated(event: PimEventFor<'product.updated'>): void {
    const rename = event.changes.find((change) => change.field === 'name');
    if (rename !== undefined) this.rename(event.entityIds[0], rename.newValue, event.occurredAt);
  }
}
