import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ForumMetrics } from '@forum/observability';
import { AdminGuard } from './web/guards.js';

/** Prometheus metrics for admins on the main port; a scraper uses METRICS_PORT instead. */
@Controller('metrics')
@UseGuards(AdminGuard)
export class MetricsController {
  constructor(private readonly metrics: ForumMetrics) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    res.set('cache-control', 'no-store').type(contentType).send(body);
  }
}
