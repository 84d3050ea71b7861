import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import passport from 'passport';
import { AccountRuleError, type Member, UsersService } from '@forum/accounts';
import { type FieldErrors, readForm } from './web/forms.js';
import { flash, safeNext } from './web/forum-request.js';
import { say } from './web/language.js';
import { LoginThrottleGuard, RegistrationThrottleGuard } from './web/login-throttle.guard.js';

class CredentialsForm {
  @IsString({ message: 'forms.enterUsername' })
  @MaxLength(200)
  username = '';

  @IsString({ message: 'forms.enterPassword' })
  @MaxLength(1000, { message: 'forms.passwordTooLong' })
  password = '';
}

@Controller()
export class AccountsController {
  constructor(private readonly users: UsersService) {}

  @Get('register')
  registerPage(@Res() res: Response) {
    res.render('accounts/register', { title: say(res.req, 'accounts.join'), form: {} });
  }

  @Post('register')
  @UseGuards(RegistrationThrottleGuard)
  async register(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const { value, errors } = await readForm(CredentialsForm, body);
    const form = { username: value.username };
    if (errors) return res.status(HttpStatus.BAD_REQUEST).render('accounts/register', { title: say(req, 'accounts.join'), form, errors });
    let member: Member;
    try {
      member = await this.users.register(value.username, value.password);
    } catch (error) {
      if (!(error instanceof AccountRuleError)) throw error;
      const fieldErrors: FieldErrors = { [error.field]: error.message };
      return res.status(HttpStatus.BAD_REQUEST).render('accounts/register', { title: say(req, 'accounts.join'), form, errors: fieldErrors });
    }
    await logIn(req, member);
    flash(req, { key: 'accounts.welcome', params: { name: member.username } }, 'success');
    res.redirect(303, '/');
  }

  @Get('login')
  loginPage(@Query('next') next: string | undefined, @Res() res: Response) {
    res.render('accounts/login', { title: say(res.req, 'accounts.logIn'), form: {}, next: safeNext(next, '') });
  }

  @Post('login')
  @UseGuards(LoginThrottleGuard)
  async login(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const { value, errors } = await readForm(CredentialsForm, body);
    const next = safeNext((body as { next?: string })?.next, '/');
    const form = { username: value.username };
    if (errors) return res.status(HttpStatus.BAD_REQUEST).render('accounts/login', { title: say(req, 'accounts.logIn'), form, errors, next });
    const member = await authenticateLocal(req, res);
    if (!member) {
      return res.status(HttpStatus.UNAUTHORIZED).render('accounts/login', {
        title: say(req, 'accounts.logIn'),
        form,
        next,
        errors: { form: 'accounts.badCredentials' },
      });
    }
    await logIn(req, member);
    res.redirect(303, next);
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('forum.sid');
    res.redirect(303, '/');
  }
}

function authenticateLocal(req: Request, res: Response): Promise<Member | null> {
  return new Promise((resolve, reject) => {
    passport.authenticate('local', { session: false }, (err: Error | null, member: Member | false) => (err ? reject(err) : resolve(member || null)))(req, res, reject);
  });
}

/** Passport regenerates the session here, so a session id fixed before login is worthless after it. */
function logIn(req: Request, member: Member): Promise<void> {
  return new Promise((resolve, reject) => req.login(member, (err) => (err ? reject(err) : resolve())));
}
