import { createServer, type Server } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ForumMetrics, loadObservabilitySettings } from '@forum/observability';

/**
 * With METRICS_PORT set, /metrics is also served on a listener of its own, bound to
 * METRICS_HOST (127.0.0.1 unless changed), with no login: for a Prometheus on the same host or
 * network namespace. It is the only way to scrape a ROLE=worker process, whose main port has
 * no pages and no sessions.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | null = null;

  constructor(private readonly metrics: ForumMetrics) {}

  async onApplicationBootstrap(): Promise<void> {
    const { metricsPort, metricsHost } = loadObservabilitySettings();
    if (metricsPort === null) return;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Only /metrics is served here.\n');
        return;
      }
      this.metrics.exposition().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(metricsPort, metricsHost, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as { port: number };
    this.logger.log(`Metrics on http://${metricsHost}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
