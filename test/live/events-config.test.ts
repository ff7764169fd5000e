import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';

describe('live events configuration', () => {
  it('defaults to keep-alive 20 s, re-check 60 s, 5 streams per user, 48 h retention', () => {
    expect(loadConfig({})).toMatchObject({
      EVENTS_KEEPALIVE_SECONDS: 20, EVENTS_RECHECK_SECONDS: 60, EVENTS_MAX_STREAMS_PER_USER: 5, EVENTS_RETENTION_HOURS: 48,
    });
  });

  it.each([
    ['EVENTS_KEEPALIVE_SECONDS', '26', /at most 25/],
    ['EVENTS_RECHECK_SECONDS', '61', /at most 60/],
    ['EVENTS_MAX_STREAMS_PER_USER', '0', /EVENTS_MAX_STREAMS_PER_USER/],
    ['EVENTS_RETENTION_HOURS', '23', /at least 24/],
  ])('refuses %s=%s, which would break the contract', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
