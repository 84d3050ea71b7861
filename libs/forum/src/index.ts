export * from './alias.js';
export * from './boards.seed.js';
export * from './entities.js';
export * from './forum.module.js';
export * from './forum.service.js';
export * from './markdown.js';
export * from './reply-tree.js';
export * from './notifications.service.js';
