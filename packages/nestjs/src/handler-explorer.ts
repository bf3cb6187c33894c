import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { PimEventHandler, PimReceiver } from '@pimhooks/core';
import { ON_PIM_EVENT_METADATA, PIM_RECEIVER } from './tokens.js';

/** Finds every `@OnPimEvent` method of every provider and controller at startup and registers it. */
@Injectable()
export class PimHandlerExplorer implements OnModuleInit {
  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(PIM_RECEIVER) private readonly receiver: PimReceiver,
  ) {}

  onModuleInit(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      const instance: unknown = wrapper.instance;
      // Request-scoped instances do not exist at startup; a handler must live on a singleton.
      if (instance === null || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[name];
        if (typeof method !== 'function') continue;
        const names = this.reflector.get<string[] | undefined>(
          ON_PIM_EVENT_METADATA,
          method as () => unknown,
        );
        if (names === undefined) continue;
        const handler = (method as (event: unknown) => unknown).bind(instance) as PimEventHandler;
        this.receiver.on(names as never, handler as never);
      }
    }
  }
}
