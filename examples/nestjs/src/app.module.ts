import { Module } from '@nestjs/common';
import { PimWebhooksModule } from '@pimhooks/nestjs';
import { ApiController } from './api.controller.js';
import { CatalogEvents } from './catalog-events.js';
import { sourcesFromEnv } from './sources.js';
import { storeFromEnv } from './store.js';

@Module({
  imports: [
    // forRootAsync: the options may come from anything injectable (here: the environment and Redis).
    PimWebhooksModule.forRootAsync({
      useFactory: async () => {
        const store = await storeFromEnv(process.env);
        return {
          sources: sourcesFromEnv(process.env),
          ...(store === undefined ? {} : { store }),
          logger: false,
          onError: (error, context) => {
            const about =
              context.event === undefined ? '' : ` event ${context.event.type} ${context.event.id}`;
            console.error(
              `webhook ${error.code} (${context.source ?? 'no source'})${about}: ${error.message}`,
            );
          },
        };
      },
      path: 'webhooks',
    }),
  ],
  controllers: [ApiController],
  providers: [CatalogEvents],
})
export class AppModule {}
