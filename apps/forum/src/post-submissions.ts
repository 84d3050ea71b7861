import { Injectable } from '@nestjs/common';
import type { Member } from '@forum/accounts';
import { type Board, ForumService, type NewPost, PostingError } from '@forum/forum';
import { ModerationChecks, ModerationQueue, ModerationService } from '@forum/moderation';

export interface SubmissionOutcome {
  post: NewPost;
  redirectTo: string;
  notice: { kind: 'info' | 'success' | 'warning'; message: string } | null;
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
    private readonly checks: ModerationChecks,
  ) {}

  async startThread(board: Board, author: Member, form: { title: string; body: string; anonymous: boolean }): Promise<SubmissionOutcome> {
    await this.refuseBlocked(`${form.title}\n\n${form.body}`);
    const post = await this.forum.startThread(board, author, form, 'pending');
    return this.handOver(post, `/t/${post.threadId}`, `${form.title}\n\n${form.body}`);
  }

  async reply(threadId: number, author: Member, form: { body: string; parentId: number | null; anonymous: boolean }): Promise<SubmissionOutcome> {
    await this.refuseBlocked(form.body);
    const post = await this.forum.reply(threadId, author, form, 'pending');
    return this.handOver(post, `/t/${post.threadId}#post-${post.postId}`, form.body);
  }

  private async refuseBlocked(text: string): Promise<void> {
    const reason = await this.moderation.blockReason(text);
    if (reason) throw new PostingError('body', reason);
  }

  private async handOver(post: NewPost, threadLink: string, text: string): Promise<SubmissionOutcome> {
    // The same detector the worker runs, here too, so a member who may be in danger sees help
    // the moment they post rather than after the queue has spoken, and their post goes first.
    const { level } = (await this.checks.currentCrisisCheck()).assess(text);
    const queued = await this.queue.enqueue(post.postId, level === 'red' || level === 'crisis');
    return {
      post,
      redirectTo: level === 'red' || level === 'crisis' ? `/support/${post.postId}` : threadLink,
      notice: queued
        ? null
        : { kind: 'info', message: 'Your post is saved. Our checks are running slowly right now, so it will appear for others shortly.' },
    };
  }
}
