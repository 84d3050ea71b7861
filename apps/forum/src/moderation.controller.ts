import { BadRequestException, Body, Controller, Get, HttpException, NotFoundException, Param, ParseIntPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Member } from '@forum/accounts';
import { AlertsService } from '@forum/alerts';
import { AuditLog, ModerationChecks, ModerationQueue, ReviewService, type WatchedAction, type WatchedLevel, WatchedWordsService } from '@forum/moderation';
import { checkbox } from './web/forms.js';
import { flash, viewerOf } from './web/forum-request.js';
import { ModeratorGuard } from './web/guards.js';
import { say } from './web/language.js';

type Fields = Record<string, string | undefined>;
const text = (body: Fields, key: string) => String(body?.[key] ?? '').trim();
const id = () => new ParseIntPipe({ errorHttpStatusCode: 404 });

/** The moderators' dashboard. Every route and action is checked on the server by ModeratorGuard. */
@Controller('mod')
@UseGuards(ModeratorGuard)
export class ModerationController {
  constructor(
    private readonly review: ReviewService,
    private readonly audit: AuditLog,
    private readonly words: WatchedWordsService,
    private readonly checks: ModerationChecks,
    private readonly queue: ModerationQueue,
    private readonly alerts: AlertsService,
  ) {}

  @Get()
  async dashboard(@Req() req: Request, @Res() res: Response) {
    const [alerts, stats, items, counts] = await Promise.all([
      this.alerts.listOpen(),
      this.alerts.responseTimes(),
      this.review.queue(),
      this.queue.counts().catch(() => null),
    ]);
    res.render('mod/dashboard', { title: say(req, 'mod.dashboard.title'), alerts, stats, items, counts });
  }

  @Post('posts/:id/approve')
  async approve(@Param('id', id()) postId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.approve(me(req), postId, text(body, 'note') || null);
    this.done(req, res, 'mod.done.approved');
  }

  @Post('posts/:id/remove')
  async remove(@Param('id', id()) postId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.remove(me(req), postId, text(body, 'reason'));
    this.done(req, res, 'mod.done.removed');
  }

  @Post('flags/:id/dismiss')
  async dismiss(@Param('id', id()) flagId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.dismissFlag(me(req), flagId, text(body, 'note') || null);
    this.done(req, res, 'mod.done.dismissed');
  }

  @Get('posts/:id/edit')
  async editPage(@Param('id', id()) postId: number, @Res() res: Response) {
    const post = await this.review.postForEditing(postId);
    if (!post) throw new NotFoundException();
    res.render('mod/edit-post', { title: say(res.req, 'mod.edit.title'), post, form: { body: post.body } });
  }

  @Post('posts/:id/edit')
  async edit(@Param('id', id()) postId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    try {
      await this.review.editPost(me(req), postId, String(body?.body ?? ''), text(body, 'reason') || null);
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      const post = await this.review.postForEditing(postId);
      return res.status(400).render('mod/edit-post', { title: say(req, 'mod.edit.title'), post, form: { body: body?.body, reason: body?.reason }, errors: { body: error.message } });
    }
    this.done(req, res, 'mod.done.edited');
  }

  @Post('threads/:id/lock')
  async lock(@Param('id', id()) threadId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.setThreadLocked(me(req), threadId, true, text(body, 'reason') || null);
    this.done(req, res, 'mod.done.locked');
  }

  @Post('threads/:id/unlock')
  async unlock(@Param('id', id()) threadId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.setThreadLocked(me(req), threadId, false, text(body, 'reason') || null);
    this.done(req, res, 'mod.done.unlocked');
  }

  @Post('posts/:id/suspend-author')
  async suspendAuthor(@Param('id', id()) postId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.suspendAuthorOf(me(req), postId, Number(text(body, 'days')), text(body, 'reason'));
    this.done(req, res, 'mod.done.suspended');
  }

  @Post('posts/:id/reveal')
  async reveal(@Param('id', id()) postId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    const revealed = await this.review.reveal(me(req), postId, text(body, 'reason'));
    res.status(200).render('mod/revealed', { title: say(req, 'mod.revealed.title'), postId, revealed, reason: text(body, 'reason') });
  }

  @Get('members/:id')
  async member(@Param('id', id()) memberId: number, @Res() res: Response) {
    const overview = await this.review.memberOverview(memberId);
    if (!overview) throw new NotFoundException();
    res.render('mod/member', { title: say(res.req, 'mod.member.title', { name: overview.member.username }), ...overview });
  }

  @Post('members/:id/notes')
  async note(@Param('id', id()) memberId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.addNote(me(req), memberId, text(body, 'note'));
    flash(req, 'mod.member.noteSaved', 'success');
    res.redirect(303, `/mod/members/${memberId}`);
  }

  @Post('members/:id/suspend')
  async suspend(@Param('id', id()) memberId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.suspend(me(req), memberId, Number(text(body, 'days')), text(body, 'reason'));
    flash(req, 'mod.member.suspended', 'success');
    res.redirect(303, `/mod/members/${memberId}`);
  }

  @Post('members/:id/reinstate')
  async reinstate(@Param('id', id()) memberId: number, @Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    await this.review.reinstate(me(req), memberId, text(body, 'reason') || null);
    flash(req, 'mod.member.lifted', 'success');
    res.redirect(303, `/mod/members/${memberId}`);
  }

  @Get('audit')
  async auditLog(@Query('moderator') moderator: string | undefined, @Query('action') action: string | undefined, @Res() res: Response) {
    const [entries, actions] = await Promise.all([this.audit.list({ moderator, action, limit: 200 }), this.audit.actions()]);
    res.render('mod/audit', { title: say(res.req, 'mod.audit.title'), entries, actions, filter: { moderator: moderator ?? '', action: action ?? '' } });
  }

  @Get('words')
  async wordsPage(@Res() res: Response) {
    res.render('mod/words', { title: say(res.req, 'mod.words.title'), words: await this.words.list(), form: { action: 'hold' } });
  }

  @Post('words')
  async addWord(@Body() body: Fields, @Req() req: Request, @Res() res: Response) {
    const form = { pattern: String(body?.pattern ?? ''), isRegex: checkbox(body?.isRegex), action: text(body, 'action') as WatchedAction, level: (text(body, 'level') || null) as WatchedLevel | null };
    try {
      await this.words.add(me(req).id, form);
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() !== 400) throw error;
      return res.status(400).render('mod/words', { title: say(res.req, 'mod.words.title'), words: await this.words.list(), form, errors: { pattern: error.message } });
    }
    flash(req, { key: 'mod.words.saved', params: { pattern: form.pattern.trim() } }, 'success');
    res.redirect(303, '/mod/words');
  }

  @Post('words/:id/delete')
  async removeWord(@Param('id', id()) wordId: number, @Req() req: Request, @Res() res: Response) {
    await this.words.remove(me(req).id, wordId);
    flash(req, 'mod.words.removed', 'success');
    res.redirect(303, '/mod/words');
  }

  /** "Try a sentence": which rules would fire, without storing anything. */
  @Post('words/try')
  async tryText(@Body() body: Fields, @Res() res: Response) {
    const sample = String(body?.sample ?? '').slice(0, 20000);
    const result = await this.checks.review({ body: sample }, await this.checks.forText());
    res.status(200).render('mod/words', { title: say(res.req, 'mod.words.title'), words: await this.words.list(), form: { action: 'hold' }, trial: { sample, ...result } });
  }

  /** Back to where the moderator acted from (the dashboard or a thread), with a confirmation. */
  private done(req: Request, res: Response, message: string): void {
    flash(req, message, 'success');
    const back = text(req.body as Fields, 'back');
    res.redirect(303, /^\/(mod|t\/\d+)/.test(back) ? back : '/mod');
  }
}

function me(req: Request): Member {
  return viewerOf(req) as Member;
}
