import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, enabledPlatforms, loadConfig } from '../../../src/config.ts';

describe('loadConfig', () => {
  it('gives the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.DATABASE_PATH).toBe('data/sanctions-watch.db');
    // The package's own feeds file, wherever the process runs.
    expect(c.FEEDS_FILE).toBe(resolve('data/feeds.json'));
    expect(c.RETENTION_DAYS).toBe(180);
    expect(c.LOG_FORMAT).toBe('text');
    expect(c.HEALTH_PORT).toBeUndefined();
    expect(c.FEED_URLS).toEqual([]);
    expect(c.POLL_SCHEDULE).toBe('*/10 * * * *');
    expect(c.ALLOW_PRIVATE_FEEDS).toBe(false);
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.PORT).toBe(3000);
    expect(enabledPlatforms(c)).toEqual({ slack: false, discord: false });
  });

  it('accepts the six-field (seconds) cron form and splits FEED_URLS on commas', () => {
    const c = loadConfig({ POLL_SCHEDULE: '*/5 * * * * *', FEED_URLS: ' http://a.test/feed , ./local.xml ,', ALLOW_PRIVATE_FEEDS: 'TRUE' });
    expect(c.POLL_SCHEDULE).toBe('*/5 * * * * *');
    expect(c.FEED_URLS).toEqual(['http://a.test/feed', './local.xml']);
    expect(c.ALLOW_PRIVATE_FEEDS).toBe(true);
  });

  it('reports every bad variable at once, naming it and what it got', () => {
    let error: unknown;
    try {
      loadConfig({ POLL_SCHEDULE: 'every ten minutes', ALLOW_PRIVATE_FEEDS: 'maybe', LOG_LEVEL: 'loud', PORT: '70000', SLACK_API_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const fragment of ['POLL_SCHEDULE', '"every ten minutes"', 'ALLOW_PRIVATE_FEEDS', '"maybe"', 'LOG_LEVEL', '"loud"', 'PORT', '"70000"', 'SLACK_API_URL']) {
      expect(message).toContain(fragment);
    }
    expect((error as ConfigError).problems).toHaveLength(5);
  });

  it('reports malformed values and half-configured platforms in the same pass', () => {
    let error: unknown;
    try {
      loadConfig({ LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'xoxb-1', HEALTH_PORT: 'http' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['LOG_LEVEL', 'HEALTH_PORT', 'SLACK_SIGNING_SECRET']);
  });

  it('refuses half-configured platforms instead of starting without them', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 'x' })).toThrow(/DISCORD_APPLICATION_ID/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_CLIENT_ID: 'a', SLACK_CLIENT_SECRET: 'b' })).toThrow(/SLACK_STATE_SECRET/);
  });

  it('enables Slack with a bot token and signing secret, Discord with token and application id', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1' });
    expect(enabledPlatforms(c)).toEqual({ slack: true, discord: true });
  });
});
