import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { FORUM_CONFIG, type ForumConfig } from '@forum/config';
import { RedisConnection } from '@forum/database';
import { DEFAULT_LANGUAGE, isLanguage, type Language, translate } from '@forum/i18n';
import type { AlertMessage } from './alert-queue.js';

/** A moderator who gets alerts by e-mail, in the language they chose for the forum. */
export interface AlertRecipient {
  email: string;
  language: string | null;
}

export interface AlertChannel {
  /** 'skipped' when the channel is not configured or has nobody to tell. */
  send(message: AlertMessage, recipients: AlertRecipient[]): Promise<'sent' | 'skipped'>;
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


@Injectable()
export class EmailChannel implements AlertChannel {
  private transport: Transporter | null = null;

  constructor(@Inject(FORUM_CONFIG) private readonly config: ForumConfig) {}

  async send(message: AlertMessage, recipients: AlertRecipient[]): Promise<'sent' | 'skipped'> {
    if (!this.config.smtpUrl || recipients.length === 0) return 'skipped';
    // Timeouts go in the transport's options (a second argument would be message defaults):
    // an SMTP server that accepts and then hangs must fail the attempt in seconds, not minutes.
    this.transport ??= nodemailer.createTransport({ url: this.config.smtpUrl, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10000 });
    // One e-mail per language, each moderator reading it in the language they chose.
    const byLanguage = new Map<Language, string[]>();
    for (const r of recipients) {
      const lang = isLanguage(r.language) ? r.language : DEFAULT_LANGUAGE;
      byLanguage.set(lang, [...(byLanguage.get(lang) ?? []), r.email]);
    }
    for (const [lang, addresses] of byLanguage) {
      const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
      const level = t(`email.level.${message.level}`);
      const again = message.round > 0 ? t('email.reminder', { round: message.round }) : '';
      await this.transport.sendMail({
        from: process.env.ALERT_FROM ?? `${t('site.name')} <alerts@localhost>`,
        // Each moderator gets the alert without seeing who else did.
        bcc: addresses,
        subject: t('email.subject', { level, board: message.board, again }),
        text: [t('email.heading', { level, board: message.board, again }), '', t('email.excerpt', { excerpt: message.excerpt }), '', t('email.open', { link: message.link }), '', t('email.why')].join('\n'),
      });
    }
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
