import { Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Member } from '@forum/accounts';
import { ForumService, NotificationsService, PostingError } from '@forum/forum';
import { REPORT_REASONS, type ReportReason, ReportsService } from '@forum/moderation';
import { viewerOf } from './web/forum-request.js';
import { MemberGuard } from './web/guards.js';
import { say } from './web/language.js';

const reasons = Object.keys(REPORT_REASONS).map((value) => ({ value, label: `report.reasons.${value}` }));

@Controller()
@UseGuards(MemberGuard)
export class MemberActionsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly forum: ForumService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get('p/:id/report')
  async reportPage(@Param('id', new ParseIntPipe({ errorHttpStatusCode: 404 })) postId: number, @Req() req: Request, @Res() res: Response) {
    const post = await this.forum.postForReport(postId, viewerOf(req) as Member);
    if (!post) throw new NotFoundException();
    res.render('forum/report', { title: say(req, 'report.title'), post, reasons, form: {} });
  }

  @Post('p/:id/report')
  async report(@Param('id', new ParseIntPipe({ errorHttpStatusCode: 404 })) postId: number, @Body() body: Record<string, string>, @Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req) as Member;
    const post = await this.forum.postForReport(postId, viewer);
    if (!post) throw new NotFoundException();
    const form = { reason: String(body?.reason ?? ''), note: String(body?.note ?? '').slice(0, 1000) };
    try {
      const outcome = await this.reports.report(postId, viewer.id, form.reason as ReportReason, form.note || null);
      res.status(200).render('forum/reported', { title: say(req, 'reported.title'), post, outcome, atRisk: form.reason === 'at_risk' });
    } catch (error) {
      if (!(error instanceof PostingError)) throw error;
      res.status(error.status).render('forum/report', { title: say(req, 'report.title'), post, reasons, form, errors: { form: error.message } });
    }
  }

  @Get('notifications')
  async notificationsPage(@Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req) as Member;
    const items = await this.notifications.list(viewer.id);
    await this.notifications.markAllRead(viewer.id);
    res.locals.unreadNotifications = 0;
    res.render('forum/notifications', { title: say(req, 'notifications.title'), items });
  }
}
