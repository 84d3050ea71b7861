import { Injectable } from '@nestjs/common';
import type { Member } from '@forum/accounts';
import { type Board, ForumService, type NewPost, PostingError, type PostRiskLevel } from '@forum/forum';
import type { Message } from '@forum/i18n';
import { ModerationQueue, ModerationService } from '@forum/moderation';

export interface SubmissionOutcome {
  post: NewPost;
  redirectTo: string;
  notice: { kind: 'info' | 'success' | 'warning'; message: Message } | null;
}

/**
 * What happens to a post between the form and the thread: refused at once if a watched word
 * blocks it, otherwise stored as pending and handed to the moderation queue.
 */
@Injectable()
export class PostSubmissions {
  constructor(
    private readonly forum: ForumService,
    private readonly moderation: ModerationService,
    private readonly queue: ModerationQueue,
  ) {}

  async startThread(board: Board, author: Member, form: { title: string; body: string; anonymous: boolean; contentWarning?: string }): Promise<SubmissionOutcome> {
    const screened = await this.screen([form.title, form.contentWarning, form.body].filter(Boolean).join('\n\n'));
    const post = await this.forum.startThread(board, author, form, 'pending');
    return this.handOver(post, `/t/${post.threadId}`, screened.level);
  }

  async reply(threadId: number, author: Member, form: { body: string; parentId: number | null; anonymous: boolean; contentWarning?: string }): Promise<SubmissionOutcome> {
    const screened = await this.screen([form.contentWarning, form.body].filter(Boolean).join('\n\n'));
    const post = await this.forum.reply(threadId, author, form, 'pending');
    return this.handOver(post, `/t/${post.threadId}#post-${post.postId}`, screened.level);
  }

  private async screen(text: string): Promise<{ level: PostRiskLevel }> {
    const { blockReason, level } = await this.moderation.screen(text);
    if (blockReason) throw new PostingError('body', blockReason);
    return { level };
  }

  /**
   * Queues the stored post. The worker decides it with the same detector; the level seen here
   * sends a member who may be in danger to help at once, and puts their post first in line.
   */
  private async handOver(post: NewPost, threadLink: string, level: PostRiskLevel): Promise<SubmissionOutcome> {
    const urgent = level === 'red' || level === 'crisis';
    const queued = await this.queue.enqueue(post.postId, urgent);
    return {
      post,
      redirectTo: urgent ? `/support/${post.postId}` : threadLink,
      notice: queued
        ? null
        : { kind: 'info', message: { key: 'posting.queueSlow' } },
    };
  }
}
