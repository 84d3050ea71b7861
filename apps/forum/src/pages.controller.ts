import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type HelpResource, loadHelpResources } from '@forum/config';
import { ForumService } from '@forum/forum';
import { viewerOf } from './web/forum-request.js';

@Controller()
export class PagesController {
  private readonly helpResources: HelpResource[] = loadHelpResources();

  constructor(private readonly forum: ForumService) {}

  @Get()
  async home(@Res() res: Response) {
    const boards = await this.forum.listBoards(viewerOf(res.req));
    res.render('forum/home', { title: 'Boards', boards });
  }

  @Get('help')
  help(@Res() res: Response) {
    res.render('pages/help', { title: 'Get help now', resources: this.helpResources });
  }

  @Get('guidelines')
  guidelines(@Res() res: Response) {
    res.render('pages/guidelines', { title: 'Community guidelines' });
  }
}
