export * from './forum-config.js';
export * from './config.module.js';
export * from './project-root.js';
