// One error type for failures a person has to act on: a namespaced code (`config/…`, `feed/…`,
// `store/…`, `platform/…`), a message that says what is wrong and how to fix it, and the exit code
// the CLI ends with. The error classes of config, catalog, store, feeds and adapters are CodedErrors; `toCoded`
// translates the rest (Node's and libraries' errors) at the CLI boundary, so a start-up failure is
// always one or two lines and never a stack trace.

export type ErrorNamespace = 'config' | 'feed' | 'store' | 'platform' | 'internal';
export type ErrorCode = `${ErrorNamespace}/${string}`;

export class CodedError extends Error {
  override readonly name = 'CodedError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; exitCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? (code === 'config/usage' ? 2 : 1);
  }
  /** What the process exits with: 2 for a command line it cannot parse, 1 for the rest. */
  readonly exitCode: number;
}

type Loose = Error & { code?: unknown; errno?: unknown; syscall?: unknown; port?: unknown; address?: unknown; status?: unknown; name: string };

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** The network-level code of an error or of one of its causes (fetch wraps them), if any. */
export function networkCode(error: unknown): string | undefined {
  for (let e = error as Loose | undefined, depth = 0; e && depth < 5; e = e.cause as Loose | undefined, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
    // AggregateError (happy eyeballs) holds one error per address tried.
    const inner = (e as unknown as { errors?: unknown[] }).errors?.[0] as Loose | undefined;
    if (inner && typeof inner.code === 'string' && NETWORK_CODES.has(inner.code)) return inner.code;
  }
  return undefined;
}

/**
 * Translates any error into a CodedError. Known failures (a CodedError, the store's error, a port in
 * use, an unreachable service) keep or gain a message with the fix;
 * anything else is `internal/unexpected`, a bug, whose stack is worth printing at debug level.
 */
export function toCoded(error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  const e = (error instanceof Error ? error : new Error(String(error))) as Loose;
  const code = typeof e.code === 'string' ? e.code : '';
  switch (code) {
    case 'EADDRINUSE':
      return new CodedError('config/port-in-use', `Port ${String(e.port ?? '')} is already in use; stop what listens there or choose another port (PORT for Slack, HEALTH_PORT for /healthz).`, { cause: e });
    case 'EACCES':
      if (e.syscall === 'listen') return new CodedError('config/port-denied', `Not allowed to listen on port ${String(e.port ?? '')}; choose a port above 1024.`, { cause: e });
      break;
  }
  if (code.startsWith('SQLITE')) return new CodedError('store/sqlite', `Database error (${code}): ${e.message}; check DATABASE_PATH, free disk space and file permissions.`, { cause: e });
  // discord.js REST errors (register): a status from Discord itself.
  if (e.name === 'DiscordAPIError' || e.name?.startsWith('DiscordAPIError')) {
    const status = Number(e.status);
    if (status === 401) return new CodedError('platform/discord', 'Discord rejected DISCORD_TOKEN (401): copy the bot token again from the Developer Portal (Bot → Reset Token).', { cause: e });
    return new CodedError('platform/discord', `Discord refused the request (${e.message}); check DISCORD_APPLICATION_ID, DISCORD_GUILD_ID and that the bot was invited with the applications.commands scope.`, { cause: e });
  }
  const net = networkCode(e);
  if (net) return new CodedError('platform/unreachable', `Could not reach the service (${net}: ${e.message}); check the network and any *_API_URL setting.`, { cause: e });
  return new CodedError('internal/unexpected', e.message || String(error), { cause: e });
}

/**
 * The lines the CLI prints for a failure: the message, and the stack at debug level (or for a bug,
 * where it is what a bug report needs).
 */
export function describeFailure(error: CodedError, debug: boolean): string {
  const cause = error.cause instanceof Error ? error.cause : error;
  if (debug) return `${error.message}\n[${error.code}] ${cause.stack ?? ''}`;
  if (error.code === 'internal/unexpected') return `unexpected error: ${error.message} (run with LOG_LEVEL=debug for the stack trace, and report it)`;
  return error.message;
}

/**
 * A storage failure (`store/…`): the database cannot be read or written. The bot stops on it,
 * whatever the tick, rather than run on without recording what it sees and sends.
 */
export function isStoreFailure(error: unknown): error is CodedError {
  return error instanceof CodedError && error.code.startsWith('store/');
}
