// HTTP content-codings (gzip, deflate, br) undone on a streamed body, as fetch would undo them
// (fetch-feed.ts uses undici's `request`, which leaves them to us), with the size cap counted on the
// compressed bytes too.
import { pipeline, Transform, type Readable } from 'node:stream';
import { constants as zlib, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

/**
 * Undoes the content-codings, as fetch would (request leaves it to us). The cap is counted on what
 * comes out by the reader, and here on what comes in too: a stream of empty compressed blocks
 * yields nothing and never ends.
 * @throws an error with code ERR_FEED_ENCODING for a coding we cannot undo (the body is destroyed)
 */
export function decodeBody(raw: Readable, codings: string[], maxBytes: number): Readable {
  if (codings.length === 0) return raw;
  const unknown = codings.find((c) => !DECODERS[c]);
  if (unknown !== undefined || codings.length > MAX_CODINGS) {
    raw.destroy();
    const what = unknown !== undefined ? `unsupported content-encoding ${JSON.stringify(unknown.slice(0, 40))}` : `more than ${MAX_CODINGS} content-encodings`;
    throw Object.assign(new Error(what), { code: 'ERR_FEED_ENCODING' });
  }
  // Codings are listed in the order applied: undo the last first. pipeline() destroys every
  // stream on an error or an abort and the reader sees the error; the callback only keeps an
  // error nobody reads any more (after the cap) from going unhandled.
  const decoders = codings.map((c) => DECODERS[c]!()).reverse();
  const body = decoders.reduce<Readable>((from, to) => pipeline(from, to, () => undefined), raw);
  let received = 0;
  raw.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) body.destroy(Object.assign(new Error('compressed body over the size cap'), { code: 'ERR_FEED_TOO_LARGE' }));
  });
  return body;
}

/** The content-codings of a Content-Encoding header, in the order applied; `identity` is none. */
export function contentCodings(header: string | null): string[] {
  return (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/** As many codings as fetch undoes; more is a broken or hostile server. */
const MAX_CODINGS = 5;
// As lenient as fetch: a stream cut short yields what arrived instead of an error.
const ZLIB_LENIENT = { flush: zlib.Z_SYNC_FLUSH, finishFlush: zlib.Z_SYNC_FLUSH };
const BROTLI_LENIENT = { flush: zlib.BROTLI_OPERATION_FLUSH, finishFlush: zlib.BROTLI_OPERATION_FLUSH };

const DECODERS: Record<string, () => Transform> = {
  gzip: () => createGunzip(ZLIB_LENIENT),
  'x-gzip': () => createGunzip(ZLIB_LENIENT),
  deflate: createDeflateDecoder,
  br: () => createBrotliDecompress(BROTLI_LENIENT),
};

/**
 * "deflate" should be zlib-wrapped, but many servers send raw deflate: the first byte tells them
 * apart (a zlib header's low nibble is 8, the deflate method), as fetch does.
 */
function createDeflateDecoder(): Transform {
  let inner: Transform | undefined;
  const decoder = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!inner) {
        inner = (chunk[0]! & 0x0f) === 0x08 ? createInflate(ZLIB_LENIENT) : createInflateRaw(ZLIB_LENIENT);
        inner.on('data', (data: Buffer) => decoder.push(data));
        inner.on('error', (error: Error) => decoder.destroy(error));
      }
      inner.write(chunk, () => done());
    },
    flush(done) {
      if (!inner) return done();
      inner.once('end', () => done());
      inner.end();
    },
    destroy(error, done) {
      inner?.destroy();
      done(error);
    },
  });
  return decoder;
}
