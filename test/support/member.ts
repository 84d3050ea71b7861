import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';

// Letters only: a name with many digits would (rightly) be refused as a phone number.
export const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex').replace(/\d/g, (d) => 'ghijklmnop'[Number(d)])}`;

export function csrfOf(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error('no _csrf field on the page');
  return m[1];
}

/** A person using the forum through its pages, with their own cookie jar. */
export class Visitor {
  readonly agent: TestAgent;

  constructor(
    readonly baseUrl: string,
    readonly name = unique('guest'),
    readonly password = `pw-${randomBytes(6).toString('hex')}`,
  ) {
    this.agent = request.agent(baseUrl);
  }

  /** The session cookie, for clients other than the agent (an SSE stream). */
  sessionCookie = '';

  private remember<T extends { headers: Record<string, unknown> }>(res: T): T {
    const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
    const sid = cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('forum.sid='));
    if (sid) this.sessionCookie = sid;
    return res;
  }

  async get(path: string) {
    return this.remember(await this.agent.get(path).set('accept', 'text/html'));
  }

  /** Fetches `from` for a fresh CSRF token, then submits the form as a browser would. */
  async submit(path: string, fields: Record<string, string | undefined>, from = path) {
    const page = await this.get(from);
    const body: Record<string, string> = { _csrf: csrfOf(page.text) };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) body[k] = v;
    return this.remember(await this.agent.post(path).type('form').set('accept', 'text/html').send(body));
  }

  async register() {
    const res = await this.submit('/register', { username: this.name, password: this.password });
    if (res.status !== 303) throw new Error(`register failed: ${res.status} ${res.text.slice(0, 300)}`);
    return this;
  }

  async login() {
    return this.submit('/login', { username: this.name, password: this.password });
  }

  async startThread(slug: string, fields: { title: string; body: string; anonymous?: boolean }) {
    const res = await this.submit(`/b/${slug}`, { title: fields.title, body: fields.body, anonymous: fields.anonymous ? 'on' : undefined }, `/b/${slug}/new`);
    const id = res.headers.location?.match(/^\/t\/(\d+)/)?.[1];
    return { res, threadId: id ? Number(id) : null };
  }

  async reply(threadId: number, fields: { body: string; parentId?: number; anonymous?: boolean }) {
    const res = await this.submit(
      `/t/${threadId}/replies`,
      { body: fields.body, parentId: fields.parentId === undefined ? undefined : String(fields.parentId), anonymous: fields.anonymous ? 'on' : undefined },
      `/t/${threadId}`,
    );
    const id = res.headers.location?.match(/#post-(\d+)/)?.[1];
    return { res, postId: id ? Number(id) : null };
  }
}

export async function member(baseUrl: string, prefix = 'm'): Promise<Visitor> {
  return new Visitor(baseUrl, unique(prefix)).register();
}
