import { getQueueToken } from '@nestjs/bull';
import { type DynamicModule, Global, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { LoggerModule } from 'nestjs-pino';
import { forumLogger, requestLogOptions } from './forum-logger.js';
import { ForumMetrics } from './forum-metrics.js';

const WATCHED_QUEUES = Symbol('WATCHED_QUEUES');

@Injectable()
class QueueWatch implements OnModuleInit {
  constructor(
    private readonly metrics: ForumMetrics,
    private readonly modules: ModuleRef,
    @Inject(WATCHED_QUEUES) private readonly names: string[],
  ) {}

  onModuleInit(): void {
    for (const name of this.names) this.metrics.watchQueue(this.modules.get<Queue>(getQueueToken(name), { strict: false }));
  }
}

/**
 * Metrics and structured logs for every process. Global, so the domains record what they
 * measure (an alert acknowledged) without each module wiring it; the queue names come from the
 * app, so this lib depends on no domain.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: { queues: string[] }): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        // The request logger itself is mounted first thing in configureApp (useExisting), so
        // requests refused before Nest's router (a stale form, a body too large) are logged too.
        LoggerModule.forRootAsync({ useFactory: () => ({ pinoHttp: requestLogOptions(forumLogger()), useExisting: true as const }) }),
      ],
      providers: [ForumMetrics, QueueWatch, { provide: WATCHED_QUEUES, useValue: options.queues }],
      exports: [ForumMetrics],
    };
  }
}
