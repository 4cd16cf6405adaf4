// The only module that reads the environment. Every bad key is reported at once, with what it got.
import { createRequire } from 'node:module';
import type NodeCron from 'node-cron';
import { z } from 'zod';
import { DEFAULT_DATABASE_PATH } from './config-paths.ts';
import { packagePath } from './paths.ts';
import { CodedError } from './errors.ts';

const bool = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', ''].includes(v), 'expected true or false')
    .transform((v) => (v === '' ? fallback : ['true', '1', 'yes'].includes(v)))
    .optional()
    .transform((v) => v ?? fallback);

const intIn = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d+$/.test(v), 'expected a whole number')
    .transform((v) => (v === '' ? fallback : Number(v)))
    .refine((v) => v >= min && v <= max, `expected a number from ${min} to ${max}`)
    .optional()
    .transform((v) => v ?? fallback);

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const DEFAULT_SCHEDULE = '*/10 * * * *';
/** node-cron's own check, loaded only for a schedule other than the default (a lookup never needs it). */
const isValidCron = (v: string) => v === DEFAULT_SCHEDULE || (createRequire(import.meta.url)('node-cron') as typeof NodeCron).validate(v);

const url = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || /^https?:\/\/[^\s]+$/i.test(v), 'expected an http(s) URL');

const schema = z.object({
  DATABASE_PATH: optionalText.transform((v) => v ?? DEFAULT_DATABASE_PATH),
  // Unset: the package's own list, wherever the bot is started from; set: relative to the working directory.
  FEEDS_FILE: optionalText.transform((v) => v ?? packagePath('data', 'feeds.json')),
  /** A catalog kept outside the checkout (so `git pull` never conflicts with local edits); unset: the shipped one. */
  CATALOG_FILE: optionalText,
  FEED_URLS: list,
  POLL_SCHEDULE: optionalText
    .transform((v) => v ?? DEFAULT_SCHEDULE)
    .refine((v) => isValidCron(v), 'expected a node-cron expression (five fields, or six with seconds first)'),
  ALLOW_PRIVATE_FEEDS: bool(false),
  LOG_LEVEL: optionalText
    .transform((v) => v ?? 'info')
    .pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent'])),
  LOG_FORMAT: optionalText.transform((v) => v ?? 'text').pipe(z.enum(['text', 'json'])),
  /** Serves GET /healthz and /metrics on this port; unset: no such server (the Slack HTTP server still serves them). */
  HEALTH_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'expected a port number')
      .transform(Number)
      .refine((v) => v >= 0 && v <= 65_535, 'expected a port number from 0 to 65535')
      .optional(),
  ),
  /** Items, delivered alerts and closed stories older than this are pruned; 0 keeps everything. */
  RETENTION_DAYS: intIn(0, 36_500, 180),
  FEED_TIMEOUT_MS: intIn(100, 300_000, 15_000),
  FEED_MAX_BYTES: intIn(1_024, 100_000_000, 5_000_000),
  FEED_CONCURRENCY: intIn(1, 64, 8),
  // Screening lists (Consolidated Screening List JSON) are far larger than feeds.
  SCREENING_LIST_MAX_BYTES: intIn(1_024, 1_000_000_000, 100_000_000),
  // Per-feed scheduling and per-host politeness.
  FEED_HOST_CONCURRENCY: intIn(1, 64, 2),
  FEED_HOST_MIN_GAP_MS: intIn(0, 600_000, 10_000),
  POLL_TICK_SECONDS: intIn(1, 3_600, 15),
  PUBLIC_URL: url,
  FIRST_POLL_ALERTS: bool(false),
  STORY_WINDOW_HOURS: intIn(1, 24 * 30, 72),
  FOLLOW_UP_MINUTES: intIn(0, 24 * 60, 30),
  // Slack
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: url,
  SLACK_ADMIN_USER_IDS: list,
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  PORT: intIn(0, 65_535, 3000),
  // Discord
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_API_URL: url,
  DISCORD_MANAGE_PERMISSION: optionalText
    .transform((v) => v ?? 'ManageChannels')
    .pipe(z.enum(['ManageChannels', 'ManageGuild', 'Administrator', 'none'])),
});

export type Config = z.infer<typeof schema>;

/** Raised when the environment is invalid; the message names every bad variable. */
export class ConfigError extends CodedError {
  constructor(readonly problems: string[]) {
    super('config/invalid', `Invalid configuration (fix these in the environment or .env, see .env.example):\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Reads and validates the configuration. Unset or empty variables take their defaults.
 * @throws ConfigError naming every bad variable and the value it got
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k]]));
  const parsed = schema.safeParse(known);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      problems.push(`${key}: ${issue.message}, got ${JSON.stringify(env[key] ?? '')}`);
    }
  }
  // Credentials that only work in pairs, checked on the raw values so that every problem is
  // reported in the same pass as the malformed ones.
  const c = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k]?.trim() || undefined])) as Record<keyof Config, string | undefined>;
  if (c.SLACK_SIGNING_SECRET && !c.SLACK_BOT_TOKEN && !c.SLACK_CLIENT_ID) problems.push('SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set, got ""');
  if (c.SLACK_APP_TOKEN && !c.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN (Socket Mode), got ""');
  if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN)
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode), got ""');
  if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID) problems.push('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set, got ""');
  if (c.DISCORD_APPLICATION_ID && !c.DISCORD_TOKEN) problems.push('DISCORD_TOKEN: required when DISCORD_APPLICATION_ID is set, got ""');
  const oauth = [c.SLACK_CLIENT_ID, c.SLACK_CLIENT_SECRET, c.SLACK_STATE_SECRET].filter(Boolean).length;
  if (oauth === 3 && c.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: leave it empty when SLACK_CLIENT_ID/SECRET/STATE_SECRET are set (OAuth installs supply each workspace\'s token)');
  if (oauth === 3 && !c.SLACK_SIGNING_SECRET) problems.push('SLACK_SIGNING_SECRET: required for the OAuth install flow, got ""');
  if (oauth > 0 && oauth < 3) problems.push('SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET: set all three for multi-workspace OAuth, or none');
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/** Which chat platforms the configuration enables. */
export function enabledPlatforms(c: Config): { slack: boolean; discord: boolean } {
  return {
    slack: Boolean((c.SLACK_BOT_TOKEN || c.SLACK_CLIENT_ID) && (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN)),
    discord: Boolean(c.DISCORD_TOKEN && c.DISCORD_APPLICATION_ID),
  };
}
