import { BadRequestException, Injectable } from '@nestjs/common';
import { changedRows } from '@forum/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from './audit-log.service.js';
import { validateWatchedPattern } from '@forum/crisis';
import { watchedPatternProblem } from './checks/index.js';

export type WatchedAction = 'block' | 'hold' | 'flag' | 'censor';
export type WatchedLevel = 'amber' | 'red' | 'crisis';

export interface WatchedWord {
  id: number;
  pattern: string;
  isRegex: boolean;
  action: WatchedAction;
  level: WatchedLevel | null;
  createdAt: Date;
  createdBy: string | null;
}

/** How stale another process's copy of the list may be; this process sees its own edits at once. */
const REFRESH_MS = 10_000;

@Injectable()
export class WatchedWordsService {
  private cache: WatchedWord[] | null = null;
  private loadedAt = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async current(): Promise<WatchedWord[]> {
    if (!this.cache || Date.now() - this.loadedAt > REFRESH_MS) {
      this.cache = await this.list();
      this.loadedAt = Date.now();
    }
    return this.cache;
  }

  async list(): Promise<WatchedWord[]> {
    return this.db.query(
      `SELECT w.id, w.pattern, w.is_regex AS "isRegex", w.action, w.level, w.created_at AS "createdAt", u.username AS "createdBy"
         FROM watched_words w LEFT JOIN users u ON u.id = w.created_by ORDER BY w.action, lower(w.pattern)`,
    );
  }

  /** Refuses empty, invalid or dangerous patterns with a message for the moderator. */
  async add(moderatorId: number, input: { pattern: string; isRegex: boolean; action: WatchedAction; level: WatchedLevel | null }): Promise<void> {
    const pattern = input.pattern.trim();
    if (!pattern) throw new BadRequestException('Enter a word, phrase or pattern.');
    if (!['block', 'hold', 'flag', 'censor'].includes(input.action)) throw new BadRequestException('Choose what should happen to a matching post.');
    // A word with a crisis level also runs inside the detector, whose rules are stricter.
    const problem = watchedPatternProblem(pattern, input.isRegex) ?? (input.level && input.isRegex ? validateWatchedPattern(pattern) : null);
    if (problem) throw new BadRequestException(`“${pattern}” cannot be used: ${problem}`);
    await this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `INSERT INTO watched_words (pattern, is_regex, action, level, created_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (pattern, is_regex) DO UPDATE SET action = EXCLUDED.action, level = EXCLUDED.level RETURNING id`,
        [pattern, input.isRegex, input.action, input.level, moderatorId],
      );
      await this.audit.record(tx, { actorId: moderatorId, action: 'watched_word_saved', targetType: 'watched_word', targetId: rows[0].id, details: { pattern, isRegex: input.isRegex, action: input.action, level: input.level } });
    });
    this.cache = null;
  }

  async remove(moderatorId: number, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await changedRows<{ pattern: string; action: string }>(tx, `DELETE FROM watched_words WHERE id = $1 RETURNING pattern, action`, [id]);
      if (rows.length) {
        await this.audit.record(tx, { actorId: moderatorId, action: 'watched_word_removed', targetType: 'watched_word', targetId: id, details: rows[0] });
      }
    });
    this.cache = null;
  }
}
