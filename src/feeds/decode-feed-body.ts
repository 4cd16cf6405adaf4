// Feeds are not always UTF-8: Chinese outlets still serve GB2312/GBK and old sites windows-1252.
// Decoding with the wrong charset turns 微信支付 into mojibake that no alias can match.
import { TextDecoder } from 'node:util';

/**
 * Bytes of a feed → text. The charset comes from, in order: a byte-order mark, the HTTP
 * `Content-Type` charset, the XML declaration's `encoding`, else UTF-8. Unknown labels fall back to
 * UTF-8; undecodable bytes become U+FFFD rather than an error.
 */
export function decodeFeedBody(bytes: Uint8Array, contentType?: string | null): string {
  const label = bomCharset(bytes) ?? headerCharset(contentType) ?? declaredCharset(bytes) ?? 'utf-8';
  return decoderFor(label).decode(bytes);
}

function decoderFor(label: string): TextDecoder {
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('utf-8');
  }
}

function bomCharset(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

function headerCharset(contentType?: string | null): string | undefined {
  const match = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

function declaredCharset(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII in every charset a feed would use, so a latin1 view of the start is enough.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString('latin1');
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return match?.[1]?.toLowerCase();
}
