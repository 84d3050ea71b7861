import { createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiter } from '@forum/database';

const WINDOW_SECONDS = 15 * 60;

// Counters key on a hash so no client address is kept in clear, even in Redis.
export const clientKey = (req: Request) => createHash('sha256').update(String(req.ip ?? '')).digest('hex').slice(0, 24);

class TooManyAttempts extends HttpException {
  constructor(message: string, retryAfterSeconds: number) {
    super({ message, retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** Login attempts are limited per username (guessing one account) and per client (trying many). */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const username = String((req.body as { username?: unknown })?.username ?? '').trim().toLowerCase();
    const perName = await this.limiter.hit('login-name', createHash('sha256').update(username).digest('hex').slice(0, 24), Number(process.env.LOGIN_NAME_LIMIT ?? 8), WINDOW_SECONDS);
    const perClient = await this.limiter.hit('login-client', clientKey(req), Number(process.env.LOGIN_CLIENT_LIMIT ?? 50), WINDOW_SECONDS);
    if (!perName.allowed) {
      throw new TooManyAttempts(`Too many sign-in attempts for this account. Please wait ${minutes(perName.retryAfterSeconds)} minutes and try again.`, perName.retryAfterSeconds);
    }
    if (!perClient.allowed) {
      throw new TooManyAttempts(`Too many sign-in attempts from your connection. Please wait ${minutes(perClient.retryAfterSeconds)} minutes and try again.`, perClient.retryAfterSeconds);
    }
    return true;
  }
}

/** New accounts per client, so one person cannot mint hundreds of pseudonyms in a minute. */
@Injectable()
export class RegistrationThrottleGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const decision = await this.limiter.hit('register-client', clientKey(req), Number(process.env.REGISTER_CLIENT_LIMIT ?? 20), 3600);
    if (!decision.allowed) throw new TooManyAttempts(`Too many new accounts from your connection. Please wait ${minutes(decision.retryAfterSeconds)} minutes.`, decision.retryAfterSeconds);
    return true;
  }
}
