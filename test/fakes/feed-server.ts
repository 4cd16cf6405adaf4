// A feed server on 127.0.0.1 for tests and the benchmark: serves bodies with validators (and 304s),
// compression, redirect chains, status codes, responses that never finish, resets, and huge bodies
// streamed with backpressure. It records every request and how each response ended, so a test can
// check that a client stopped reading instead of downloading everything.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

/** How a route answers. Everything is optional: `{}` is an empty 200. */
export interface RouteSpec {
  /** @default 200 (or 302 with `redirect`) */
  status?: number;
  body?: string | Buffer;
  /** @default 'application/rss+xml; charset=utf-8' when there is a body */
  contentType?: string;
  headers?: Record<string, string>;
  /** Sent as ETag; a request with a matching If-None-Match gets 304 and no body. */
  etag?: string;
  /** Sent as Last-Modified; a request with the same If-Modified-Since gets 304 and no body. */
  lastModified?: string;
  /** Compress the body with this coding and say so in Content-Encoding. */
  encoding?: 'gzip' | 'deflate' | 'br';
  /** Answer with a redirect to this location (a path on this server or any URL). */
  redirect?: string;
  /** `before-headers`: never answer; `after-headers`: send headers and part of the body, never finish. */
  hang?: 'before-headers' | 'after-headers';
  /** Destroy the connection: before any response, or after headers and part of the body. */
  reset?: 'before-headers' | 'mid-body';
  /** Stream `chunk` `count` times with backpressure, without buffering the whole body. */
  stream?: { chunk: string | Buffer; count: number };
  /** Leave out Content-Length (chunked encoding), so the client cannot know the size up front. */
  omitLength?: boolean;
  /** Wait this long before answering (benchmarks; tests use `hang` instead of waiting). */
  delayMs?: number;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** How the server's side of one response ended. */
export interface ResponseOutcome {
  status: number;
  /** Body bytes handed to the socket (after compression); 0 for routes given as a handler function. */
  bytesSent: number;
  /** True when the whole response was written; false when the client went away first. */
  completed: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as requested. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Settles when the response has finished or the connection has closed. */
  outcome: Promise<ResponseOutcome>;
}

export interface FakeFeedServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly origin: string;
  readonly port: number;
  /** Absolute URL of a path on this server. */
  url(path: string): string;
  /** Sets how `path` (path only, query ignored) answers. Unknown paths answer 404. */
  setRoute(path: string, route: RouteSpec | RouteHandler): void;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests for one path. */
  requestsFor(path: string): RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a fake feed server on 127.0.0.1 with an OS-chosen port. */
export async function createFakeFeedServer(): Promise<FakeFeedServer> {
  const routes = new Map<string, RouteSpec | RouteHandler>();
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    let settle!: (o: ResponseOutcome) => void;
    const outcome = new Promise<ResponseOutcome>((resolve) => (settle = resolve));
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, outcome });

    const sent = { bytes: 0 };
    res.on('finish', () => settle({ status: res.statusCode, bytesSent: sent.bytes, completed: true }));
    res.on('close', () => settle({ status: res.statusCode, bytesSent: sent.bytes, completed: res.writableFinished }));

    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${path}`);
      return;
    }
    if (typeof route === 'function') return route(req, res);
    const answer = () => serve(route, req, res, sent);
    if (route.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  });
  // Keep-alive sockets would hold close() open; tests close the server after every file.
  server.keepAliveTimeout = 1_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    setRoute: (path, route) => void routes.set(path, route),
    requests,
    requestsFor: (path) => requests.filter((r) => r.url.split('?')[0] === path),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serve(route: RouteSpec, req: IncomingMessage, res: ServerResponse, sent: { bytes: number }): void {
  if (route.reset === 'before-headers') {
    req.socket.destroy();
    return;
  }
  if (route.hang === 'before-headers') return;

  const headers: Record<string, string> = { ...route.headers };
  if (route.etag) headers.etag = route.etag;
  if (route.lastModified) headers['last-modified'] = route.lastModified;

  if (route.redirect) {
    res.writeHead(route.status ?? 302, { ...headers, location: route.redirect }).end();
    return;
  }
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const etagMatches = route.etag !== undefined && inm !== undefined && inm.split(',').map((t) => t.trim()).includes(route.etag);
  const dateMatches = route.lastModified !== undefined && ims === route.lastModified;
  if (etagMatches || (inm === undefined && dateMatches)) {
    res.writeHead(304, headers).end();
    return;
  }

  const status = route.status ?? 200;
  if (route.body !== undefined || route.stream) headers['content-type'] ??= route.contentType ?? 'application/rss+xml; charset=utf-8';

  if (route.stream) {
    const chunk = Buffer.from(route.stream.chunk);
    if (!route.omitLength) headers['content-length'] = String(chunk.length * route.stream.count);
    res.writeHead(status, headers);
    streamChunks(res, chunk, route.stream.count, sent);
    return;
  }

  let body = Buffer.from(route.body ?? '');
  if (route.encoding) {
    body = route.encoding === 'gzip' ? gzipSync(body) : route.encoding === 'deflate' ? deflateSync(body) : brotliCompressSync(body);
    headers['content-encoding'] = route.encoding;
  }
  if (!route.omitLength) headers['content-length'] = String(body.length);
  res.writeHead(status, headers);

  if (route.hang === 'after-headers' || route.reset === 'mid-body') {
    // Send part of the body so the client is inside its body read when things go wrong.
    const part = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
    sent.bytes += part.length;
    res.write(part);
    if (route.reset === 'mid-body') setImmediate(() => req.socket.destroy());
    return;
  }
  sent.bytes += body.length;
  res.end(body);
}

/** Writes `count` chunks, waiting for 'drain' whenever the socket buffer is full; stops if the client leaves. */
function streamChunks(res: ServerResponse, chunk: Buffer, count: number, sent: { bytes: number }): void {
  let written = 0;
  const pump = () => {
    while (written < count) {
      if (res.destroyed) return;
      written++;
      sent.bytes += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  res.on('close', () => res.removeListener('drain', pump));
  pump();
}
