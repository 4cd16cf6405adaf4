// The operator's two URLs, served by the HEALTH_PORT server and by the Slack HTTP server when it
// runs: GET /healthz (JSON, 503 when failing) and GET /metrics (Prometheus text).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Health } from './health.ts';
import type { Metrics } from './metrics.ts';

export interface OpsRoutes {
  health: Health;
  metrics: Metrics;
}

/** Answers /healthz and /metrics; returns false for any other request (the caller answers it). */
export function serveOps(routes: OpsRoutes, req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/healthz' && path !== '/metrics') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  if (path === '/healthz') {
    const report = routes.health.check();
    res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(report));
    return true;
  }
  routes.metrics.render().then(
    (text) => res.writeHead(200, { 'content-type': routes.metrics.contentType }).end(text),
    (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error.message}\n`),
  );
  return true;
}

/**
 * Listens on `port` (all interfaces, like the Slack server: a container's health check and a
 * Prometheus scraper reach it from outside the process's loopback).
 * @throws the listen error (EADDRINUSE…), for the CLI to explain
 */
export async function startOpsServer(routes: OpsRoutes, port: number, host?: string, other?: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer((req, res) => {
    if (serveOps(routes, req, res)) return;
    // Anything else (the WebSub callback when PUBLIC_URL is set) goes to `other`.
    if (other) other(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  return server;
}
