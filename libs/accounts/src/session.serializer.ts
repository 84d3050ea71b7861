import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { type Member, UsersService } from './users.service.js';

/** Only the id lives in the session; the account is re-read per request so a suspension applies at once. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(member: Member, done: (err: Error | null, id?: number) => void): void {
    done(null, member.id);
  }

  deserializeUser(id: number, done: (err: Error | null, member?: Member | false) => void): void {
    this.users.findById(id).then(
      (member) => done(null, member ?? false),
      (error: Error) => done(error),
    );
  }
}
