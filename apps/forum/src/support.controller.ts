import { Body, Controller, Get, HttpException, HttpStatus, NotFoundException, Param, ParseIntPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { loadHelpResources } from '@forum/config';
import { RateLimiter } from '@forum/database';
import { ModerationChecks } from '@forum/moderation';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Member } from '@forum/accounts';
import { viewerOf } from './web/forum-request.js';
import { MemberGuard } from './web/guards.js';
import { helpLinesFor } from './web/help-lines.js';
import { languageOf, say } from './web/language.js';

@Controller()
@UseGuards(MemberGuard)
export class SupportController {
  private readonly resources = loadHelpResources();

  constructor(
    private readonly checks: ModerationChecks,
    private readonly limiter: RateLimiter,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Where a member lands after posting something that suggests they may be in danger. */
  @Get('support/:postId')
  async support(@Param('postId', new ParseIntPipe({ errorHttpStatusCode: 404 })) postId: number, @Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req) as Member;
    const [post] = await this.db.query(`SELECT id, thread_id AS "threadId", body FROM posts WHERE id = $1 AND author_id = $2`, [postId, viewer.id]);
    if (!post) throw new NotFoundException();
    const { level, language: written } = (await this.checks.currentCrisisCheck()).assess(post.body);
    // Someone who wrote in Spanish reads this page in Spanish, whatever their browser says.
    const lang = written === 'es' ? 'es' : languageOf(req);
    res.locals.lang = lang;
    res.setHeader('content-language', lang);
    res.render('pages/support', {
      title: say(req, 'support.title'),
      urgent: level === 'crisis',
      resources: helpLinesFor(this.resources, lang),
      threadLink: `/t/${post.threadId}#post-${post.id}`,
    });
  }

  /**
   * The composer's draft check: the same detector, nothing stored, rate-limited per member.
   * Answers only whether to show help, never what matched.
   */
  @Post('composer/check')
  async checkDraft(@Body() body: { text?: unknown }, @Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req) as Member;
    const decision = await this.limiter.hit('composer-check', String(viewer.id), Number(process.env.COMPOSER_CHECKS_PER_MINUTE ?? 30), 60);
    if (!decision.allowed) throw new HttpException({ message: say(req, 'errors.tooManyChecks') }, HttpStatus.TOO_MANY_REQUESTS);
    const text = typeof body?.text === 'string' ? body.text.slice(0, 20000) : '';
    const { level, language } = (await this.checks.currentCrisisCheck()).assess(text);
    res.status(200).set('cache-control', 'no-store').json({ showHelp: level === 'red' || level === 'crisis', urgent: level === 'crisis', language });
  }
}
