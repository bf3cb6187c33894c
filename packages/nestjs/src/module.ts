import {
  ConfigurableModuleBuilder,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule, MetadataScanner } from '@nestjs/core';
import { createPimReceiver, type PimReceiver, type PimReceiverOptions } from '@pimhooks/core';
import { PimHandlerExplorer } from './handler-explorer.js';
import { PIM_RECEIVER } from './tokens.js';
import { createWebhooksController } from './webhooks-controller.js';

/** The receiver's options (`sources`, `store`, `onError`, ...), from `forRoot` or `forRootAsync`'s factory. */
export type PimWebhooksModuleOptions = PimReceiverOptions;

/** Options fixed when the module is declared (also for `forRootAsync`): where and how routes are served. */
export interface PimWebhooksRouteOptions {
  /** Path the sources are served under: `<path>/<source>`. Default `webhooks`. */
  path?: string;
  /** Class decorators applied to the webhook controller, e.g. `[Public(), SkipThrottle()]`. */
  decorators?: ClassDecorator[];
  /** Make `PIM_RECEIVER` injectable everywhere without importing the module again. Default false. */
  isGlobal?: boolean;
}

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<PimWebhooksModuleOptions>({ moduleName: 'PimWebhooks' })
    .setClassMethodName('forRoot')
    .setExtras<PimWebhooksRouteOptions>(
      { path: 'webhooks', decorators: [], isGlobal: false },
      (definition, extras) => ({
        ...definition,
        global: extras.isGlobal ?? false,
        controllers: [createWebhooksController(extras.path ?? 'webhooks', extras.decorators ?? [])],
      }),
    )
    .build();

/** `PimWebhooksModule.forRoot({...})` options. */
export type PimWebhooksForRootOptions = typeof OPTIONS_TYPE;
/** `PimWebhooksModule.forRootAsync({...})` options. */
export type PimWebhooksForRootAsyncOptions = typeof ASYNC_OPTIONS_TYPE;

/** Closes the receiver when the app shuts down: new deliveries get 503, running handlers finish. */
@Injectable()
class PimReceiverLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PIM_RECEIVER) private readonly receiver: PimReceiver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.receiver.close();
  }
}

/**
 * Receive PIM webhooks in a Nest app: `PimWebhooksModule.forRoot({ sources: [bluestone({ secret })] })`
 * (or `forRootAsync({ imports, inject, useFactory })`) serves each source at `/webhooks/<source>`, and
 * `@OnPimEvent(...)` methods of any provider or controller handle the events. The app must be created
 * with `rawBody: true`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: PIM_RECEIVER,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: PimWebhooksModuleOptions) => {
        const {
          path: _path,
          decorators: _decorators,
          isGlobal: _global,
          ...receiverOptions
        } = options as PimWebhooksModuleOptions & PimWebhooksRouteOptions;
        return createPimReceiver(receiverOptions);
      },
    },
    MetadataScanner,
    PimHandlerExplorer,
    PimReceiverLifecycle,
  ],
  exports: [PIM_RECEIVER],
})
export class PimWebhooksModule extends ConfigurableModuleClass {}
