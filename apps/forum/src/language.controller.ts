import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UsersService } from '@forum/accounts';
import { isLanguage, type Language } from '@forum/i18n';
import { rememberLanguage } from './web/language.js';
import { safeNext, viewerOf } from './web/forum-request.js';

/**
 * The footer's language switcher. Guests follow a plain link (a cookie remembers the choice,
 * and no session is created for it); members submit a small form, which also saves the choice
 * on their account so it follows them to other devices and survives logging out.
 */
@Controller('language')
export class LanguageController {
  constructor(private readonly users: UsersService) {}

  @Get(':lang')
  switchByLink(@Param('lang') lang: string, @Query('next') next: unknown, @Res() res: Response) {
    if (!isLanguage(lang)) throw new NotFoundException();
    rememberLanguage(res, lang);
    res.redirect(303, safeNext(next));
  }

  @Post()
  async switchByForm(@Body() body: { lang?: unknown; next?: unknown }, @Req() req: Request, @Res() res: Response) {
    const lang = body?.lang;
    if (!isLanguage(lang)) throw new NotFoundException();
    const viewer = viewerOf(req);
    if (viewer) await this.users.setLanguage(viewer.id, lang as Language);
    rememberLanguage(res, lang);
    res.redirect(303, safeNext(body?.next));
  }
}
