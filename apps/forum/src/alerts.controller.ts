import { Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AlertStream, AlertsService, OUTCOMES } from '@forum/alerts';
import { type Member, UsersService } from '@forum/accounts';
import { boardNameText } from '@forum/i18n';
import { flash, viewerOf } from './web/forum-request.js';
import { ModeratorGuard } from './web/guards.js';
import { languageOf, say } from './web/language.js';

const outcomes = Object.keys(OUTCOMES).map((value) => ({ value, label: `mod.alert.outcomes.${value}` }));
const id = () => new ParseIntPipe({ errorHttpStatusCode: 404 });

@Controller('mod')
@UseGuards(ModeratorGuard)
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly stream: AlertStream,
    private readonly users: UsersService,
  ) {}

  /** Server-sent events: every alert, from whichever worker raised it, reaches every open dashboard. */
  @Get('alerts/stream')
  live(@Req() req: Request, @Res() res: Response) {
    res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const unsubscribe = this.stream.subscribe(
      (message) => {
        // The board is named in this moderator's language, as on the rest of their dashboard.
        const shown = { ...message, board: boardNameText(languageOf(req), message.board) };
        res.write(`id: ${message.alertId}-${message.round}\nevent: alert\ndata: ${JSON.stringify(shown)}\n\n`);
      },
      () => res.end(),
    );
    // A comment every 20 s keeps proxies and phones from dropping an idle connection.
    const keepAlive = setInterval(() => res.write(': still here\n\n'), 20_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  }

  @Get('alerts/:id')
  async alertPage(@Param('id', id()) alertId: number, @Res() res: Response) {
    const detail = await this.alerts.detail(alertId);
    if (!detail) throw new NotFoundException();
    res.render('mod/alert', { title: say(res.req, 'mod.alert.title', { id: String(alertId) }), ...detail, outcomes });
  }

  @Post('alerts/:id/ack')
  async acknowledge(@Param('id', id()) alertId: number, @Req() req: Request, @Res() res: Response) {
    await this.alerts.acknowledge(viewerOf(req) as Member, alertId);
    flash(req, 'mod.alert.acknowledged', 'success');
    res.redirect(303, `/mod/alerts/${alertId}`);
  }

  @Post('alerts/:id/resolve')
  async resolve(@Param('id', id()) alertId: number, @Body() body: Record<string, string>, @Req() req: Request, @Res() res: Response) {
    await this.alerts.resolve(viewerOf(req) as Member, alertId, String(body?.outcome ?? ''), String(body?.note ?? '').trim().slice(0, 2000) || null);
    flash(req, 'mod.alert.resolved', 'success');
    res.redirect(303, '/mod');
  }

  @Get('settings')
  async settings(@Req() req: Request, @Res() res: Response) {
    const prefs = await this.users.alertPreferences((viewerOf(req) as Member).id);
    res.render('mod/settings', { title: say(req, 'mod.settings.title'), form: prefs });
  }

  @Post('settings')
  async saveSettings(@Body() body: Record<string, string>, @Req() req: Request, @Res() res: Response) {
    const email = String(body?.alertEmail ?? '').trim();
    const form = { alertEmail: email, emailAlerts: body?.emailAlerts === 'on' };
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return res.status(400).render('mod/settings', { title: say(req, 'mod.settings.title'), form, errors: { alertEmail: 'mod.settings.badEmail' } });
    }
    await this.users.setAlertPreferences((viewerOf(req) as Member).id, email || null, form.emailAlerts && !!email);
    flash(req, 'mod.settings.saved', 'success');
    res.redirect(303, '/mod/settings');
  }
}
