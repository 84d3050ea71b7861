import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { isModerator, postingRestriction } from '@forum/accounts';
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
    // A suspended moderator keeps the role but not the tools: otherwise they could lift their
    // own suspension, or go on revealing who wrote anonymous posts.
    if (postingRestriction(viewer)) throw new ForbiddenException('You do not have permission to do that.');
    return true;
  }
}

@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const viewer = viewerOf(context.switchToHttp().getRequest());
    if (!viewer) throw new UnauthorizedException('Please log in to continue.');
    if (viewer.role !== 'admin') throw new ForbiddenException('Only admins can do that.');
    if (postingRestriction(viewer)) throw new ForbiddenException('You do not have permission to do that.');
    return true;
  }
}
