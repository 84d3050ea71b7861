import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type HelpResource, loadHelpResources } from '@forum/config';
import { ForumService } from '@forum/forum';
import { helpLinesFor } from './web/help-lines.js';
import { languageOf, say } from './web/language.js';
import { viewerOf } from './web/forum-request.js';

@Controller()
export class PagesController {
  private readonly helpResources: HelpResource[] = loadHelpResources();

  constructor(private readonly forum: ForumService) {}

  @Get()
  async home(@Res() res: Response) {
    const boards = await this.forum.listBoards(viewerOf(res.req));
    res.render('forum/home', { title: say(res.req, 'home.title'), boards });
  }

  @Get('help')
  help(@Res() res: Response) {
    res.render('pages/help', { title: say(res.req, 'help.title'), resources: helpLinesFor(this.helpResources, languageOf(res.req)) });
  }

  @Get('guidelines')
  guidelines(@Res() res: Response) {
    res.render('pages/guidelines', { title: say(res.req, 'guidelines.title') });
  }
}
