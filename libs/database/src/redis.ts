import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { FORUM_CONFIG, type ForumConfig } from '@forum/config';

/**
 * The forum's own Redis connection (health, live alerts). It fails fast instead of queueing
 * commands while Redis is away, so a page never hangs on it.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis;

  constructor(@Inject(FORUM_CONFIG) config: ForumConfig) {
    this.client = new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    let reported = false;
    this.client.on('error', (error: Error) => {
      if (!reported) this.logger.warn(`Redis unavailable: ${error.message}`);
      reported = true;
    });
    this.client.on('ready', () => {
      reported = false;
    });
  }

  async ping(): Promise<string> {
    return this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
