import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { FORUM_CONFIG, type ForumConfig } from '@forum/config';
import { RedisConnection } from '@forum/database';
import type { AlertMessage } from './alert-queue.js';

export interface AlertChannel {
  /** 'skipped' when the channel is not configured or has nobody to tell. */
  send(message: AlertMessage, recipients: string[]): Promise<'sent' | 'skipped'>;
}

export const liveChannelName = (config: ForumConfig) => `${config.redisPrefix}:alerts:live`;

/** Publishes to Redis; every web process relays it to the moderators' open dashboards. */
@Injectable()
export class LiveChannel implements AlertChannel {
  constructor(
    private readonly redis: RedisConnection,
    @Inject(FORUM_CONFIG) private readonly config: ForumConfig,
  ) {}

  async send(message: AlertMessage): Promise<'sent'> {
    await this.redis.client.publish(liveChannelName(this.config), JSON.stringify(message));
    return 'sent';
  }
}

const LEVEL_WORDS = { crisis: 'CRISIS', red: 'Urgent', amber: 'Check-in' } as const;

@Injectable()
export class EmailChannel implements AlertChannel {
  private transport: Transporter | null = null;

  constructor(@Inject(FORUM_CONFIG) private readonly config: ForumConfig) {}

  async send(message: AlertMessage, recipients: string[]): Promise<'sent' | 'skipped'> {
    if (!this.config.smtpUrl || recipients.length === 0) return 'skipped';
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl, { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10000 } as never);
    const again = message.round > 0 ? ` (not yet acknowledged, reminder ${message.round})` : '';
    await this.transport.sendMail({
      from: process.env.ALERT_FROM ?? 'Peer Support Forum <alerts@localhost>',
      // Each moderator gets the alert without seeing who else did.
      bcc: recipients,
      subject: `[${LEVEL_WORDS[message.level]}] A post in ${message.board} needs a moderator${again}`,
      text: [
        `${LEVEL_WORDS[message.level]} alert in ${message.board}${again}.`,
        '',
        `Excerpt: “${message.excerpt}”`,
        '',
        `Open it, acknowledge it and check in: ${message.link}`,
        '',
        'You get this because you are a moderator of the forum.',
      ].join('\n'),
    });
    return 'sent';
  }
}

/** Signs the body so a receiver (a chat room, a pager) can tell the alert came from this forum. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

@Injectable()
export class WebhookChannel implements AlertChannel {
  constructor(@Inject(FORUM_CONFIG) private readonly config: ForumConfig) {}

  async send(message: AlertMessage): Promise<'sent' | 'skipped'> {
    if (!this.config.alertWebhookUrl) return 'skipped';
    // The webhook carries no post text: it may land in a chat room with people who are not moderators.
    const body = JSON.stringify({ alertId: message.alertId, level: message.level, link: message.link, createdAt: message.createdAt, round: message.round, board: message.board });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(this.config.alertWebhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forum-timestamp': timestamp,
        'x-forum-signature': signWebhook(this.config.alertWebhookSecret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    return 'sent';
  }
}
