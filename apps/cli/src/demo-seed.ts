import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UsersService } from '@forum/accounts';
import { ForumService } from '@forum/forum';

const DEMO_THREADS = [
  {
    board: 'introductions',
    title: 'Hello from Tempe',
    body: 'Hi everyone. I found this place through my Tuesday group. I have been sober for **90 days** and I am here to listen as much as to talk.',
    anonymous: false,
    replies: ['Welcome! 90 days is huge. Glad you are here.', 'Welcome, and congratulations on 90 days.'],
  },
  {
    board: 'grief-loss',
    title: 'The first holidays without my mom',
    body: 'It is the first Thanksgiving without her and I do not know how to sit at that table. How did you get through the first year?',
    anonymous: true,
    replies: ['The first year is the hardest. We set a place for my dad and told stories about him. It helped more than I expected.', 'Be gentle with yourself. It is okay to skip things this year.'],
  },
  {
    board: 'recovery-sobriety',
    title: 'What do you do on Friday nights now?',
    body: 'Friday used to mean the bar. Looking for ideas that are not just staying home alone.',
    anonymous: false,
    replies: ['Our group does a coffee meeting at 7 and then a late movie.', 'I started hiking South Mountain early Saturday mornings instead.'],
  },
];

@Injectable()
export class DemoSeed {
  constructor(
    private readonly users: UsersService,
    private readonly forum: ForumService,
  ) {}

  async run(): Promise<{ moderator: string; member: string; password: string; threads: number }> {
    const password = `demo-${randomBytes(6).toString('base64url')}`;
    const moderator = await this.users.upsert('demo_moderator', password, 'moderator');
    const member = await this.users.upsert('demo_member', password, 'member');
    const helper = await this.users.upsert('demo_peer', `peer-${randomBytes(12).toString('hex')}`, 'member');
    let threads = 0;
    for (const demo of DEMO_THREADS) {
      const board = await this.forum.findBoard(demo.board);
      if (!board) continue;
      const existing = await this.forum.listThreads(board, 1, member);
      if (existing.threads.some((t) => t.title === demo.title)) continue;
      const started = await this.forum.startThread(board, member, demo, 'published');
      for (const [i, body] of demo.replies.entries()) {
        await this.forum.reply(started.threadId, i % 2 ? moderator : helper, { body, parentId: null, anonymous: false }, 'published');
      }
      threads++;
    }
    return { moderator: moderator.username, member: member.username, password, threads };
  }
}
