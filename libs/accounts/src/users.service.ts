import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { Repository } from 'typeorm';
import { type Role, User } from './user.entity.js';
import { passwordProblem, usernameProblem } from './username-rules.js';

export class AccountRuleError extends Error {
  constructor(
    readonly field: 'username' | 'password',
    message: string,
  ) {
    super(message);
  }
}

// OWASP's argon2id baseline (19 MiB, 2 passes) keeps a login under ~50 ms on these machines.
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** The account as the rest of the forum sees it: never carries the password hash. */
export interface Member {
  id: number;
  username: string;
  role: Role;
  status: User['status'];
  suspendedUntil: Date | null;
  suspensionReason: string | null;
  language: string | null;
  createdAt: Date;
}

@Injectable()
export class UsersService {
  // A hash to verify against when the username is unknown, so timing does not reveal which names exist.
  private readonly decoyHash = argon2.hash('decoy-password-for-timing', ARGON2_OPTIONS);

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async register(username: string, password: string, role: Role = 'member'): Promise<Member> {
    const name = username.trim();
    const nameProblem = usernameProblem(name);
    if (nameProblem) throw new AccountRuleError('username', nameProblem);
    const pwProblem = passwordProblem(password);
    if (pwProblem) throw new AccountRuleError('password', pwProblem);
    const passwordHash = await argon2.hash(password, ARGON2_OPTIONS);
    try {
      const rows: Member[] = await this.users.query(
        `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3)
         RETURNING id, username, role, status, suspended_until AS "suspendedUntil",
                   suspension_reason AS "suspensionReason", created_at AS "createdAt"`,
        [name, passwordHash, role],
      );
      return rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new AccountRuleError('username', 'That username is taken. Try another pseudonym.');
      }
      throw error;
    }
  }

  /** Creates the account or, when it exists, sets its role and password (used by the CLI and the demo seed). */
  async upsert(username: string, password: string, role: Role): Promise<Member> {
    const existing = await this.findByUsername(username);
    if (!existing) return this.register(username, password, role);
    const pwProblem = passwordProblem(password);
    if (pwProblem) throw new AccountRuleError('password', pwProblem);
    await this.users.update(existing.id, { role, passwordHash: await argon2.hash(password, ARGON2_OPTIONS) });
    return { ...existing, role };
  }

  async verifyCredentials(username: string, password: string): Promise<Member | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username: username.trim() })
      .getOne();
    if (!user) {
      await argon2.verify(await this.decoyHash, password).catch(() => false);
      return null;
    }
    const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
    if (!ok || user.status === 'banned') return null;
    return toMember(user);
  }

  async findById(id: number): Promise<Member | null> {
    const user = await this.users.findOneBy({ id });
    return user ? toMember(user) : null;
  }

  async findByUsername(username: string): Promise<Member | null> {
    const user = await this.users.createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username: username.trim() }).getOne();
    return user ? toMember(user) : null;
  }

  /** Where a moderator wants crisis alerts e-mailed; kept apart from the Member object on purpose. */
  async alertPreferences(userId: number): Promise<{ alertEmail: string | null; emailAlerts: boolean }> {
    const [row] = await this.users.query(`SELECT alert_email AS "alertEmail", email_alerts AS "emailAlerts" FROM users WHERE id = $1`, [userId]);
    return row ?? { alertEmail: null, emailAlerts: false };
  }

  async setLanguage(userId: number, language: string): Promise<void> {
    await this.users.query(`UPDATE users SET language = $2 WHERE id = $1`, [userId, language]);
  }

  async setAlertPreferences(userId: number, alertEmail: string | null, emailAlerts: boolean): Promise<void> {
    await this.users.query(`UPDATE users SET alert_email = $2, email_alerts = $3 WHERE id = $1`, [userId, alertEmail, emailAlerts]);
  }
}

function toMember(user: User): Member {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    status: user.status,
    suspendedUntil: user.suspendedUntil,
    suspensionReason: user.suspensionReason,
    language: user.language ?? null,
    createdAt: user.createdAt,
  };
}

export function isModerator(member: Pick<Member, 'role'> | null | undefined): boolean {
  return member?.role === 'moderator' || member?.role === 'admin';
}

/** Text for a member, as a message catalogue key and its values (the web layer words it in their language). */
export interface MemberNotice {
  key: string;
  params?: Record<string, string | Date>;
}

/** Why this member may not post right now, or null. Suspensions end by themselves when their time is up. */
export function postingRestriction(member: Member, now = new Date()): MemberNotice | null {
  if (member.status === 'banned') return { key: 'accounts.banned' };
  if (member.status === 'suspended' && (!member.suspendedUntil || member.suspendedUntil > now)) {
    const reason = member.suspensionReason ?? '';
    if (member.suspendedUntil) return { key: reason ? 'accounts.suspendedUntilWithReason' : 'accounts.suspendedUntil', params: { until: member.suspendedUntil, reason } };
    return { key: reason ? 'accounts.suspendedWithReason' : 'accounts.suspended', params: { reason } };
  }
  return null;
}
