// The checks `start` makes before it opens anything, so that every configuration problem (bad
// variables, a missing folder, an unreadable feeds file or catalog) is reported in one pass.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configuredFeeds } from './app.ts';
import { loadCatalog } from './catalog/catalog.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';

/**
 * The configuration, checked against the file system too.
 * @throws ConfigError listing every bad variable and every path that will not work
 */
export function loadCheckedConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  let config: Config | undefined;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  // The path variables cannot be malformed, so their defaults are known even when others are bad.
  const paths = config ?? loadConfig({ DATABASE_PATH: env.DATABASE_PATH, FEEDS_FILE: env.FEEDS_FILE, FEED_URLS: env.FEED_URLS, CATALOG_FILE: env.CATALOG_FILE });
  problems.push(...pathProblems(paths));
  if (problems.length || !config) throw new ConfigError(problems);
  return config;
}

/** What is wrong with DATABASE_PATH, FEEDS_FILE and CATALOG_FILE as the file system sees them. */
function pathProblems(c: Pick<Config, 'DATABASE_PATH' | 'FEEDS_FILE' | 'FEED_URLS' | 'CATALOG_FILE'>): string[] {
  const problems: string[] = [];
  if (c.DATABASE_PATH !== ':memory:') {
    const folder = dirname(resolve(c.DATABASE_PATH));
    // The folder is not created: a typo in DATABASE_PATH would otherwise start an empty database.
    const kind = statKind(folder);
    if (kind !== 'dir') problems.push(`DATABASE_PATH: the folder ${folder} ${kind === 'missing' ? 'does not exist' : 'is not a folder'}; create it or fix the path, got ${JSON.stringify(c.DATABASE_PATH)}`);
    else if (!canWrite(folder)) problems.push(`DATABASE_PATH: the folder ${folder} is not writable by this user; fix its owner or permissions, got ${JSON.stringify(c.DATABASE_PATH)}`);
    else if (statKind(resolve(c.DATABASE_PATH)) === 'dir') problems.push(`DATABASE_PATH: ${resolve(c.DATABASE_PATH)} is a folder; name a file in it, got ${JSON.stringify(c.DATABASE_PATH)}`);
  }
  if (!c.FEED_URLS.length) {
    try {
      configuredFeeds({ FEED_URLS: [], FEEDS_FILE: c.FEEDS_FILE });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (c.CATALOG_FILE) {
    if (statKind(resolve(c.CATALOG_FILE)) !== 'file') problems.push(`CATALOG_FILE: no file at ${resolve(c.CATALOG_FILE)}; fix the path or unset it to use the shipped catalog, got ${JSON.stringify(c.CATALOG_FILE)}`);
    else {
      // An operator's own catalog is read now, so its mistakes are listed with the rest.
      try {
        loadCatalog(c.CATALOG_FILE);
      } catch (error) {
        problems.push(`CATALOG_FILE: ${(error as Error).message.replace(/\n/g, '\n  ')}`);
      }
    }
  }
  return problems;
}

function statKind(path: string): 'file' | 'dir' | 'other' | 'missing' {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
