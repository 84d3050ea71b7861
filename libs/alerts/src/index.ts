export * from './alert-channels.js';
export * from './alert-queue.js';
export * from './alert-stream.js';
export * from './alerts.module.js';
export * from './alerts.processor.js';
export * from './alerts.service.js';
