import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@forum/accounts';
import { Board, Post, Thread } from './entities.js';
import { ForumService } from './forum.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Board, Thread, Post]), AccountsModule],
  providers: [ForumService],
  exports: [ForumService],
})
export class ForumModule {}
