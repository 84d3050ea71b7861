import { Module } from '@nestjs/common';
import { AccountsModule } from '@forum/accounts';
import { ForumConfigModule } from '@forum/config';
import { DatabaseModule } from '@forum/database';
import { ForumModule } from '@forum/forum';
import { DemoSeed } from './demo-seed.js';

@Module({
  imports: [ForumConfigModule, DatabaseModule, AccountsModule, ForumModule],
  providers: [DemoSeed],
})
export class CliModule {}
