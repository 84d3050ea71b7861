export * from './messages.js';
export * from './negotiate.js';
export * from './boards.js';
