import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { isModerator } from '@forum/accounts';
import { viewerOf } from './forum-request.js';

/** Guests are sent to the login page (see the exception filter), members pass. */
@Injectable()
export class MemberGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!viewerOf(context.switchToHttp().getRequest())) throw new UnauthorizedException('Please log in to continue.');
    return true;
  }
}

/** Moderators and admins only, checked on the server for every route that carries it. */
@Injectable()
export class ModeratorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const viewer = viewerOf(context.switchToHttp().getRequest());
    if (!viewer) throw new UnauthorizedException('Please log in to continue.');
    if (!isModerator(viewer)) throw new ForbiddenException('Only moderators can do that.');
    return true;
  }
}

@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const viewer = viewerOf(context.switchToHttp().getRequest());
    if (!viewer) throw new UnauthorizedException('Please log in to continue.');
    if (viewer.role !== 'admin') throw new ForbiddenException('Only admins can do that.');
    return true;
  }
}
