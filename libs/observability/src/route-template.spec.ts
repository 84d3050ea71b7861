import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { NO_ROUTE, pathOf, routeTemplate } from './route-template.js';

const request = (fields: Record<string, unknown>) => fields as unknown as IncomingMessage;

describe('routeTemplate', () => {
  it('names the route a request matched, not its URL', () => {
    expect(routeTemplate(request({ originalUrl: '/t/42?page=2', url: '/t/42?page=2', baseUrl: '', route: { path: '/t/:id' } }))).toBe('/t/:id');
  });

  it('puts every request no route answered under one label', () => {
    expect(routeTemplate(request({ originalUrl: '/wp-login.php', url: '/wp-login.php' }))).toBe(NO_ROUTE);
  });

  it('keeps static files and the queue board to one label each', () => {
    expect(routeTemplate(request({ originalUrl: '/static/css/forum.css' }))).toBe('/static/*');
    expect(routeTemplate(request({ originalUrl: '/admin/queues/api/queues/moderation/17', baseUrl: '/admin/queues', route: { path: '/api/queues/:queueName/:jobId' } }))).toBe('/admin/queues/*');
  });
});

describe('pathOf', () => {
  it('drops the query string', () => {
    expect(pathOf('/login?next=%2Fmod')).toBe('/login');
    expect(pathOf(undefined)).toBe('/');
  });
});
