import { Injectable } from '@nestjs/common';
import type { Member } from '@forum/accounts';
import { type Board, ForumService } from '@forum/forum';

export interface SubmissionOutcome {
  redirectTo: string;
  notice: { kind: 'info' | 'success' | 'warning'; message: string } | null;
}

/** What happens to a post between the form and the thread. */
@Injectable()
export class PostSubmissions {
  constructor(private readonly forum: ForumService) {}

  async startThread(board: Board, author: Member, form: { title: string; body: string; anonymous: boolean }): Promise<SubmissionOutcome> {
    const post = await this.forum.startThread(board, author, form, 'published');
    return { redirectTo: `/t/${post.threadId}`, notice: null };
  }

  async reply(threadId: number, author: Member, form: { body: string; parentId: number | null; anonymous: boolean }): Promise<SubmissionOutcome> {
    const post = await this.forum.reply(threadId, author, form, 'published');
    return { redirectTo: `/t/${post.threadId}#post-${post.postId}`, notice: null };
  }
}
