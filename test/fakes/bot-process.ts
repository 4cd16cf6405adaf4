// The bot as a child process started the way a user starts it (`sanctions-watch start` with
// environment variables only), with helpers that wait on what it logs instead of on the clock.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface BotProcess {
  /** Everything it wrote to stderr (its log) so far. */
  log(): string;
  /** Resolves once `pattern` has appeared `count` times in the log. */
  logged(pattern: RegExp, count?: number, timeoutMs?: number): Promise<void>;
  /** How many cycles it has logged. */
  cycles(): number;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  readonly pid: number;
  /** Kills it outright (SIGKILL, a crash: nothing is shut down) and resolves once it has exited. */
  kill(): Promise<void>;
}

/** Every bot started in this test file: killStartedBots() ends those a failed test left running. */
const started: BotProcess[] = [];

/** Kills (SIGKILL) every bot this file started that is still running; for afterAll. */
export async function killStartedBots(): Promise<void> {
  for (const bot of started.splice(0)) await bot.kill();
}

/**
 * The environment of a bot that polls one feed every second on its own database (six-field cron).
 * At debug level, since the tests count cycles and a quiet cycle logs at debug.
 */
export function pollingEnv(feedUrl: string, databasePath: string): Record<string, string> {
  return { FEED_URLS: feedUrl, POLL_SCHEDULE: '*/1 * * * * *', ALLOW_PRIVATE_FEEDS: 'true', DATABASE_PATH: databasePath, LOG_LEVEL: 'debug' };
}

/** Starts `sanctions-watch start` with exactly `env` (plus PATH; no .env unless ENV_FILE names one) and waits until it polls. */
export async function startBotProcess(env: Record<string, string>, options: { cwd?: string } = {}): Promise<BotProcess> {
  // debug: a cycle in which nothing happened is logged at debug, and tests count cycles.
  const child = spawn('node', [resolve('src/bin.js'), 'start'], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'debug', ENV_FILE: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const count = (pattern: RegExp) => (stderr.match(new RegExp(pattern.source, 'g')) ?? []).length;
  const bot: BotProcess = {
    pid: child.pid as number,
    log: () => stderr,
    cycles: () => count(/ cycle: /),
    logged: (pattern, times = 1, timeoutMs = 20_000) =>
      new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`${pattern} not logged ${times}× within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
        const check = () => {
          if (count(pattern) < times) {
            // A bot that exited will never log it: fail now, with what it said.
            if (child.exitCode !== null || child.signalCode !== null) {
              clearTimeout(timer);
              fail(new Error(`${pattern} not logged: the bot exited (${child.exitCode ?? child.signalCode}):\n${stderr}`));
            }
            return;
          }
          clearTimeout(timer);
          child.stderr.off('data', check);
          ok();
        };
        child.stderr.on('data', check);
        child.once('exit', () => setImmediate(check));
        check();
      }),
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok(child.exitCode);
        child.once('exit', (code) => ok(code));
        child.kill('SIGTERM');
      }),
    kill: () =>
      new Promise((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGKILL');
      }),
  };
  started.push(bot);
  await bot.logged(/polling \d+ configured feeds?/);
  return bot;
}

/** A port on 127.0.0.1 that nothing listens on when asked: for the bot to listen on, or to be refused by. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
