// A small leveled logger, created once in the composition root and passed to whoever logs.
// One line per event, no stack traces for expected failures (a broken feed is not a bug).
// LOG_FORMAT=json writes the same events as one JSON object per line through pino, for log
// collectors; the default stays readable on a terminal.
import { createRequire } from 'node:module';
import type * as Pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogFormat = 'text' | 'json';

/**
 * Writes to stderr, so stdout stays clean for alerts (console adapter) and `--json` output.
 * @param write where lines go (tests pass an array's push)
 * @param format `json`: one pino object per line (`level` as a name, `time` as ISO 8601, `msg`)
 */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n'), format: LogFormat = 'text'): Logger {
  if (format === 'json') return createJsonLogger(level, write);
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (message: string) => {
    if (RANK[lvl] >= RANK[level]) write(`${new Date().toISOString()} ${lvl.padEnd(5)} ${message}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything (for tests that do not look at logs). */
export const silentLogger: Logger = createLogger('silent');

/** pino, loaded only when asked for: commands that never log JSON do not pay for it. */
function createJsonLogger(level: LogLevel, write: (line: string) => void): Logger {
  const pino = createRequire(import.meta.url)('pino') as typeof Pino;
  const logger = pino.pino(
    { level, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label: string) => ({ level: label }) } },
    // Synchronous, through `write`: lines keep their order with anything else on stderr and none
    // are lost when the process exits right after logging.
    { write: (line: string) => write(line.replace(/\n$/, '')) },
  );
  return {
    debug: (m) => logger.debug(m),
    info: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
    error: (m) => logger.error(m),
  };
}
