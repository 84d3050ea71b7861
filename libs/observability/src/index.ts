export * from './forum-logger.js';
export * from './forum-metrics.js';
export * from './observability-settings.js';
export * from './observability.module.js';
export * from './route-template.js';
