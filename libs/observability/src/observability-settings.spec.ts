import { describe, expect, it } from '@jest/globals';
import { ForumConfigError } from '@forum/config';
import { loadObservabilitySettings } from './observability-settings.js';

describe('loadObservabilitySettings', () => {
  it('logs at info to standard output with no metrics port by default, and only errors in tests', () => {
    expect(loadObservabilitySettings({ NODE_ENV: 'production' })).toEqual({ logLevel: 'info', logFile: null, metricsPort: null, metricsHost: '127.0.0.1' });
    expect(loadObservabilitySettings({ NODE_ENV: 'test' }).logLevel).toBe('error');
  });

  it('reads the level, the log file and the metrics listener', () => {
    expect(loadObservabilitySettings({ LOG_LEVEL: 'debug', LOG_FILE: '/var/log/forum.jsonl', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toEqual({
      logLevel: 'debug',
      logFile: '/var/log/forum.jsonl',
      metricsPort: 9464,
      metricsHost: '0.0.0.0',
    });
  });

  it('refuses a level or a port it does not know, naming the setting', () => {
    expect(() => loadObservabilitySettings({ LOG_LEVEL: 'loud' })).toThrow(ForumConfigError);
    expect(() => loadObservabilitySettings({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
    expect(() => loadObservabilitySettings({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT must be a port number/);
  });
});
