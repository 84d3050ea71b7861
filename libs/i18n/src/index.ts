export * from './messages.js';
export * from './negotiate.js';
