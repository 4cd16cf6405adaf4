// Child-process side of bench-feed-server.ts: builds the corpora it is sent and serves them on
// 127.0.0.1 (port chosen by the OS) until killed. Counts responses instead of recording requests,
// so a long run does not grow its memory.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServeMode, ServeStats, ServedCorpus, ServerReply, ServerRequest } from './bench-feed-server.ts';
import { buildSyntheticFeeds } from './synthetic-feeds.ts';

interface Served {
  body: Buffer;
  etag: string;
  lastModified: string;
  contentType: string;
  index: number;
}

const routes = new Map<string, Served>();
const stats: ServeStats = { ok: 0, notModified: 0, notFound: 0, bytes: 0 };
let mode: ServeMode = 'validators';
const reply = (r: ServerReply) => process.send?.(r);

const server = createServer((req, res) => {
  const served = routes.get((req.url ?? '/').split('?')[0]!);
  if (!served) {
    stats.notFound++;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const validators = mode === 'validators' || (mode === 'mixed' && served.index % 2 === 0);
  if (validators) {
    const inm = req.headers['if-none-match'];
    const matches = inm !== undefined ? inm.split(',').some((t) => t.trim() === served.etag) : req.headers['if-modified-since'] === served.lastModified;
    if (matches) {
      stats.notModified++;
      res.writeHead(304, { etag: served.etag, 'last-modified': served.lastModified }).end();
      return;
    }
  }
  stats.ok++;
  stats.bytes += served.body.length;
  const headers: Record<string, string> = { 'content-type': served.contentType, 'content-length': String(served.body.length) };
  if (validators) Object.assign(headers, { etag: served.etag, 'last-modified': served.lastModified });
  res.writeHead(200, headers).end(served.body);
});

process.on('message', (m: ServerRequest) => {
  switch (m.type) {
    case 'build': {
      const served: ServedCorpus[] = [];
      for (const options of m.corpora) {
        const { feeds, stats: corpus } = buildSyntheticFeeds(options);
        for (const f of feeds) {
          const body = Buffer.from(f.body);
          routes.set(f.path, {
            body,
            etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`,
            lastModified: 'Fri, 15 Mar 2024 11:00:00 GMT',
            contentType: f.format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8',
            index: routes.size,
          });
        }
        served.push({ paths: feeds.map((f) => f.path), stats: corpus });
      }
      server.listen(0, '127.0.0.1', () => reply({ type: 'ready', origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, corpora: served }));
      break;
    }
    case 'mode':
      mode = m.mode;
      reply({ type: 'mode-set' });
      break;
    case 'stats':
      reply({ type: 'stats', stats: { ...stats } });
      break;
  }
});
process.on('disconnect', () => process.exit(0));
