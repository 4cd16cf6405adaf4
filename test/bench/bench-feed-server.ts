// The feed server the benchmark polls, run in a child process: in production the feeds are on other
// machines, so serving them must cost the watcher neither CPU time on its event loop nor memory in
// its RSS. The child builds the synthetic feeds itself (deterministic for the options) and tells
// the parent their paths and figures; the parent never holds the bodies while the watcher runs.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { CorpusStats, SyntheticFeedOptions } from './synthetic-feeds.ts';

/**
 * `validators`: ETag + Last-Modified, and 304 to a matching conditional request.
 * `no-validators`: no validators, every request gets the full body (as many news sites do).
 * `mixed`: even-numbered feeds behave as `validators`, odd ones as `no-validators`.
 */
export type ServeMode = 'validators' | 'no-validators' | 'mixed';

export interface ServeStats {
  ok: number;
  notModified: number;
  notFound: number;
  bytes: number;
}

/** One corpus as served: the feeds' URL paths and what the generator put in them. */
export interface ServedCorpus {
  paths: string[];
  stats: CorpusStats;
}

export type ServerRequest = { type: 'build'; corpora: SyntheticFeedOptions[] } | { type: 'mode'; mode: ServeMode } | { type: 'stats' };
export type ServerReply = { type: 'ready'; origin: string; corpora: ServedCorpus[] } | { type: 'mode-set' } | { type: 'stats'; stats: ServeStats };

export interface BenchFeedServer {
  readonly origin: string;
  /** The corpora in the order given. */
  readonly corpora: ServedCorpus[];
  url(path: string): string;
  setMode(mode: ServeMode): Promise<void>;
  /** Responses served so far (cumulative). */
  stats(): Promise<ServeStats>;
  close(): Promise<void>;
}

/** Starts the child server with these corpora (served side by side; give them distinct prefixes). */
export async function startBenchFeedServer(corpora: SyntheticFeedOptions[]): Promise<BenchFeedServer> {
  const child = fork(fileURLToPath(new URL(`./bench-feed-server-child.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // Requests are answered in order, one reply each.
  const waiting: Array<{ resolve: (r: ServerReply) => void; reject: (e: Error) => void; type: string }> = [];
  child.on('message', (m) => waiting.shift()?.resolve(m as ServerReply));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`bench feed server exited (code ${code}) before answering ${w.type}`));
  });
  const ask = (request: ServerRequest): Promise<ServerReply> =>
    new Promise<ServerReply>((resolve, reject) => {
      waiting.push({ resolve, reject, type: request.type });
      child.send(request);
    });
  const ready = await ask({ type: 'build', corpora });
  if (ready.type !== 'ready') throw new Error(`bench feed server: expected ready, got ${ready.type}`);
  const { origin } = ready;
  return {
    origin,
    corpora: ready.corpora,
    url: (path) => `${origin}${path}`,
    async setMode(mode) {
      await ask({ type: 'mode', mode });
    },
    async stats() {
      const r = await ask({ type: 'stats' });
      if (r.type !== 'stats') throw new Error(`bench feed server: expected stats, got ${r.type}`);
      return r.stats;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}
