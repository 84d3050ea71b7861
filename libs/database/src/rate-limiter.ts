import { Inject, Injectable } from '@nestjs/common';
import { FORUM_CONFIG, type ForumConfig } from '@forum/config';
import { RedisConnection } from './redis.js';

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters shared by every web process through Redis. While Redis is away each
 * process counts on its own, so limits loosen a little but never lock members out.
 */
@Injectable()
export class RateLimiter {
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly redis: RedisConnection,
    @Inject(FORUM_CONFIG) private readonly config: ForumConfig,
  ) {}

  async hit(bucket: string, key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    const id = `${this.config.redisPrefix}:rate:${bucket}:${key}`;
    try {
      const [[, count], [, ttl]] = (await this.redis.client.multi().incr(id).ttl(id).exec()) as [[null, number], [null, number]];
      if (ttl < 0) await this.redis.client.expire(id, windowSeconds);
      return { allowed: count <= limit, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
    } catch {
      return this.hitLocally(id, limit, windowSeconds);
    }
  }

  private hitLocally(id: string, limit: number, windowSeconds: number): RateDecision {
    const now = Date.now();
    let entry = this.local.get(id);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.local.set(id, entry);
      if (this.local.size > 50_000) this.local.clear();
    }
    entry.count++;
    return { allowed: entry.count <= limit, retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000) };
  }
}
