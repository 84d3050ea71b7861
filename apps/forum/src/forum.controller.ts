import { Body, Controller, Get, HttpStatus, NotFoundException, Param, ParseIntPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import type { Request, Response } from 'express';
import { type Member, postingRestriction } from '@forum/accounts';
import { type Board, ForumService, PostingError, THREADS_PER_PAGE } from '@forum/forum';
import { boardText } from '@forum/i18n';
import { PostSubmissions } from './post-submissions.js';
import { type GuestPage, GuestPageCache } from './web/guest-page-cache.js';
import { checkbox, type FieldErrors, readForm } from './web/forms.js';
import { flash, viewerOf } from './web/forum-request.js';
import { MemberGuard } from './web/guards.js';
import { languageOf, say } from './web/language.js';

class NewThreadForm {
  @IsString({ message: 'forms.giveTitle' })
  title = '';

  @IsString({ message: 'forms.writeSomething' })
  body = '';

  @IsOptional()
  anonymous?: string;

  @IsOptional()
  @IsString()
  contentWarning?: string;
}

class ReplyForm {
  @IsString({ message: 'forms.writeSomething' })
  body = '';

  @IsOptional()
  @IsString()
  parentId?: string;

  @IsOptional()
  anonymous?: string;

  @IsOptional()
  @IsString()
  contentWarning?: string;
}

/** The ETag is set here so Express neither hashes the page again nor misses a 304 it could send. */
function sendGuestPage(req: Request, res: Response, page: GuestPage): void {
  res.type('html').vary('Accept-Encoding');
  if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('ETag', page.gzippedEtag);
    res.send(page.gzipped);
    return;
  }
  res.setHeader('ETag', page.etag);
  res.send(page.body);
}

const pageNumber = (raw: unknown) => Math.max(1, Math.min(10_000, Number.parseInt(String(raw ?? '1'), 10) || 1));

@Controller()
export class ForumController {
  constructor(
    private readonly forum: ForumService,
    private readonly submissions: PostSubmissions,
    private readonly guestPages: GuestPageCache,
  ) {}

  @Get('b/:slug')
  async board(@Param('slug') slug: string, @Query('page') rawPage: unknown, @Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req);
    const board = await this.readableBoard(slug, viewer);
    const page = pageNumber(rawPage);
    const { threads, total } = await this.forum.listThreads(board, page, viewer);
    const pages = Math.max(1, Math.ceil(total / THREADS_PER_PAGE));
    res.render('forum/board', {
      title: boardText(languageOf(req), board),
      board,
      threads,
      pagination: pages > 1 ? { page, pages, prev: page > 1 ? page - 1 : null, next: page < pages ? page + 1 : null, base: `/b/${board.slug}` } : null,
    });
  }

  @Get('b/:slug/new')
  @UseGuards(MemberGuard)
  async newThreadPage(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req) as Member;
    const board = await this.readableBoard(slug, viewer);
    res.render('forum/new-thread', { title: say(req, 'newThread.title', { board: boardText(languageOf(req), board) }), board, form: {}, restriction: postingRestriction(viewer) });
  }

  @Post('b/:slug')
  @UseGuards(MemberGuard)
  async startThread(@Param('slug') slug: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req) as Member;
    const board = await this.readableBoard(slug, viewer);
    const { value, errors } = await readForm(NewThreadForm, body);
    const form = { title: value.title, body: value.body, anonymous: checkbox(value.anonymous), contentWarning: value.contentWarning ?? '' };
    const again = (status: number, fieldErrors: FieldErrors) =>
      res.status(status).render('forum/new-thread', { title: say(req, 'newThread.title', { board: boardText(languageOf(req), board) }), board, form, errors: fieldErrors, restriction: postingRestriction(viewer) });
    if (errors) return again(HttpStatus.BAD_REQUEST, errors);
    const restriction = postingRestriction(viewer);
    if (restriction) return again(HttpStatus.FORBIDDEN, { form: restriction });
    try {
      const outcome = await this.submissions.startThread(board, viewer, form);
      if (outcome.notice) flash(req, outcome.notice.message, outcome.notice.kind);
      res.redirect(303, outcome.redirectTo);
    } catch (error) {
      if (!(error instanceof PostingError)) throw error;
      return again(error.status, { [error.field ?? 'form']: error.message });
    }
  }

  @Get('t/:id')
  async thread(@Param('id', new ParseIntPipe({ errorHttpStatusCode: 404 })) id: number, @Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req);
    // Guests (most readers of a busy thread) share one rendering per revision of the thread.
    const guestCopy = !viewer && !res.locals.flash ? await this.forum.guestThreadRevision(id) : null;
    const cacheKey = `${req.originalUrl}\n${String(res.locals.lang ?? '')}`;
    if (guestCopy) {
      const page = this.guestPages.get(cacheKey, guestCopy);
      if (page) return sendGuestPage(req, res, page);
    }
    const thread = await this.forum.readThread(id, viewer);
    if (!thread) throw new NotFoundException();
    if (!this.forum.canRead(thread.board, viewer)) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    res.render('forum/thread', { title: thread.title, thread, restriction: viewer ? postingRestriction(viewer) : null }, (error: Error | null, html: string) => {
      if (error) return req.next?.(error);
      // A page that carries a form token belongs to one session and is never shared.
      if (guestCopy && !html.includes('name="_csrf"')) return sendGuestPage(req, res, this.guestPages.set(cacheKey, guestCopy, html));
      res.send(html);
    });
  }

  @Post('t/:id/replies')
  @UseGuards(MemberGuard)
  async reply(@Param('id', new ParseIntPipe({ errorHttpStatusCode: 404 })) id: number, @Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const viewer = viewerOf(req) as Member;
    const thread = await this.forum.findThread(id);
    if (!thread || !this.forum.canRead(thread.board, viewer)) throw new NotFoundException();
    const { value, errors } = await readForm(ReplyForm, body);
    const parentId = value.parentId && /^\d+$/.test(value.parentId) ? Number(value.parentId) : null;
    const form = { body: value.body, anonymous: checkbox(value.anonymous), parentId, contentWarning: value.contentWarning ?? '' };
    const again = (status: number, fieldErrors: FieldErrors) =>
      res.status(status).render('forum/reply', { title: say(req, 'reply.title', { thread: thread.title }), thread, form, errors: fieldErrors });
    if (errors) return again(HttpStatus.BAD_REQUEST, errors);
    const restriction = postingRestriction(viewer);
    if (restriction) return again(HttpStatus.FORBIDDEN, { form: restriction });
    try {
      const outcome = await this.submissions.reply(thread.id, viewer, form);
      if (outcome.notice) flash(req, outcome.notice.message, outcome.notice.kind);
      res.redirect(303, outcome.redirectTo);
    } catch (error) {
      if (!(error instanceof PostingError)) throw error;
      return again(error.status, { [error.field ?? 'form']: error.message });
    }
  }

  private async readableBoard(slug: string, viewer: Member | null): Promise<Board> {
    const board = await this.forum.findBoard(slug);
    if (!board) throw new NotFoundException();
    // A members-only board is not even named to guests: they are asked to log in.
    if (!this.forum.canRead(board, viewer)) throw new UnauthorizedBoard();
    return board;
  }
}

class UnauthorizedBoard extends Error {
  readonly status = 401;
  constructor() {
    super('board.loginToRead');
  }
}
