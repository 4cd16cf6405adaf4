// The few settings a one-shot command such as `lookup` needs, read without building the whole
// configuration schema (zod costs a short command about a fifth of its run time). The defaults are
// the ones config.ts documents; `start` still validates everything.
export const DEFAULT_DATABASE_PATH = 'data/sanctions-watch.db';

export interface PathSettings {
  DATABASE_PATH: string;
  CATALOG_FILE?: string;
}

/** DATABASE_PATH and CATALOG_FILE from `env`, trimmed; unset or empty means the default. */
export function readPathSettings(env: Record<string, string | undefined>): PathSettings {
  const catalog = env.CATALOG_FILE?.trim();
  return { DATABASE_PATH: env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH, ...(catalog ? { CATALOG_FILE: catalog } : {}) };
}
