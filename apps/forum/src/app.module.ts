import { createHash } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule } from '@forum/accounts';
import { ForumConfigModule, type ProcessRole } from '@forum/config';
import { DatabaseModule, RedisModule } from '@forum/database';
import { ForumModule } from '@forum/forum';
import { AccountsController } from './accounts.controller.js';
import { ForumController } from './forum.controller.js';
import { HealthController } from './health.controller.js';
import { PagesController } from './pages.controller.js';
import { PostSubmissions } from './post-submissions.js';

const FIFTEEN_MINUTES = 15 * 60_000;
// Throttling keys on a hash so no client address is kept in clear, even in memory.
const clientKey = (req: Record<string, unknown>) => createHash('sha256').update(String(req.ip ?? '')).digest('hex').slice(0, 24);
const usernameKey = (req: Record<string, unknown>) => `name:${String((req.body as { username?: unknown } | undefined)?.username ?? '').trim().toLowerCase()}`;

@Module({})
export class AppModule {
  /** `role` decides what this process runs: the pages, the queue processors, or both. */
  static forRole(role: ProcessRole): DynamicModule {
    const web = role !== 'worker';
    return {
      module: AppModule,
      imports: [
        ForumConfigModule,
        DatabaseModule,
        RedisModule,
        AccountsModule,
        ForumModule,
        TerminusModule,
        ThrottlerModule.forRoot({
          errorMessage: 'Too many sign-in attempts for this account or from your connection. Please wait 15 minutes and try again.',
          throttlers: [
            { name: 'login-client', ttl: FIFTEEN_MINUTES, limit: Number(process.env.LOGIN_CLIENT_LIMIT ?? 50), getTracker: clientKey },
            { name: 'login-name', ttl: FIFTEEN_MINUTES, limit: Number(process.env.LOGIN_NAME_LIMIT ?? 8), getTracker: usernameKey },
          ],
        }),
      ],
      controllers: web ? [PagesController, AccountsController, ForumController, HealthController] : [HealthController],
      providers: [PostSubmissions],
    };
  }
}
