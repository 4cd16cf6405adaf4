// `.env` in the working directory, read once at start. Variables already in the environment win
// over the file, so a process manager or a one-off `LOG_LEVEL=debug npm start` overrides it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { CodedError } from './errors.ts';

export interface EnvWithSource {
  env: Record<string, string | undefined>;
  /** The absolute path of the file that was read, or undefined when there was none. */
  file?: string;
}

/**
 * The environment merged over `.env` (or ENV_FILE) from the working directory.
 * @throws CodedError `config/env-file` when the file exists but cannot be read
 */
export function withEnvFile(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): EnvWithSource {
  // ENV_FILE names another file (a systemd unit or a test); set to "" it turns the file off.
  const named = env.ENV_FILE;
  if (named === '') return { env };
  const file = resolve(cwd, named ?? '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' && named === undefined) return { env };
    throw new CodedError('config/env-file', `Cannot read ${file} (${code ?? (error as Error).message}); fix its permissions${named !== undefined ? ' or ENV_FILE' : ''}.`, { cause: error });
  }
  const fromFile = parseEnv(text) as Record<string, string>;
  return { env: { ...fromFile, ...definedOnly(env) }, file };
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
