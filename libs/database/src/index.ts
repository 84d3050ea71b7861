export * from './data-source.js';
export * from './database.module.js';
export * from './snake-naming.strategy.js';
export { forumMigrations } from './migrations/index.js';
export * from './redis.js';
export * from './redis.module.js';
export * from './rate-limiter.js';
export * from './every.js';
export * from './returning.js';
