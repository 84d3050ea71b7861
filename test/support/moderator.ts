import { UsersService } from '@forum/accounts';
import type { TestForum } from './forum-app.js';
import { unique, Visitor } from './member.js';

/** A moderator account, logged in through the login form like anyone else. */
export async function moderator(forum: TestForum, role: 'moderator' | 'admin' = 'moderator'): Promise<Visitor> {
  const visitor = new Visitor(forum.url, unique(role === 'admin' ? 'admin' : 'mod'));
  await forum.app.get(UsersService).register(visitor.name, visitor.password, role);
  const res = await visitor.login();
  if (res.status !== 303) throw new Error(`moderator login failed: ${res.status}`);
  return visitor;
}
