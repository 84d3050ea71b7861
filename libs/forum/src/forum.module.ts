import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@forum/accounts';
import { Board, Post, Thread } from './entities.js';
import { ForumService } from './forum.service.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Board, Thread, Post]), AccountsModule],
  providers: [ForumService, NotificationsService],
  exports: [ForumService, NotificationsService],
})
export class ForumModule {}
