import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { FORUM_CONFIG, type ForumConfig } from '@forum/config';
import { liveChannelName } from './alert-channels.js';
import type { AlertMessage } from './alert-queue.js';

type Listener = (message: AlertMessage) => void;

/**
 * Relays live alerts from Redis to the moderators connected to this web process. One
 * subscription per process, opened when the first moderator connects.
 */
@Injectable()
export class AlertStream implements OnModuleDestroy {
  private readonly logger = new Logger('AlertStream');
  private readonly listeners = new Set<Listener>();
  /** How to end each open stream when the process stops. */
  private readonly enders = new Map<Listener, () => void>();
  private closing = false;
  private subscriber: Redis | null = null;

  constructor(@Inject(FORUM_CONFIG) private readonly config: ForumConfig) {}

  /**
   * `end` closes the moderator's stream when this process shuts down: an open stream never
   * ends by itself and would hold a deploy until its deadline. Their browser reconnects to
   * another web process.
   */
  subscribe(listener: Listener, end: () => void = () => undefined): () => void {
    if (this.closing) {
      end();
      return () => undefined;
    }
    this.listeners.add(listener);
    this.enders.set(listener, end);
    this.ensureSubscribed();
    return () => {
      this.listeners.delete(listener);
      this.enders.delete(listener);
    };
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    const channel = liveChannelName(this.config);
    this.subscriber = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Live alerts subscription: ${error.message}`));
    void this.subscriber.subscribe(channel).catch((error: Error) => this.logger.warn(`Could not subscribe to live alerts: ${error.message}`));
    this.subscriber.on('message', (_channel: string, raw: string) => {
      let message: AlertMessage;
      try {
        message = JSON.parse(raw) as AlertMessage;
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(message);
    });
  }

  onModuleDestroy(): void {
    this.closing = true;
    for (const end of [...this.enders.values()]) end();
    this.listeners.clear();
    this.enders.clear();
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}
