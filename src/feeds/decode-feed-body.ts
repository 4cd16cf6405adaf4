// Feeds are not always UTF-8: Chinese outlets still serve GB2312/GBK and old sites windows-1252,
// often without saying so, or saying the wrong thing. Decoding with the wrong charset turns 微信支付
// into mojibake that no alias can match, so an item would be lost without a word.
import { TextDecoder } from 'node:util';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedBody {
  text: string;
  /** The charset the text was decoded with (a WHATWG label). */
  charset: string;
  /** Set when the bytes had to be guessed or still decode badly: worth a line in the log. */
  warning?: string;
}

/**
 * Bytes of a feed → text. The charset comes from, in order: a byte-order mark, the HTTP
 * `Content-Type` charset, the XML declaration's `encoding`, else UTF-8. When that choice cannot
 * decode the bytes (invalid UTF-8, or replacement characters from a declared charset) the charset is
 * detected from the content instead, and the result says so in `warning`.
 */
export function decodeFeedBody(bytes: Uint8Array, contentType?: string | null): DecodedBody {
  const bom = bomCharset(bytes);
  if (bom) return { text: decoderFor(bom).decode(bytes), charset: bom };
  const declared = headerCharset(contentType) ?? declaredCharset(bytes);
  const label = declared && isKnownLabel(declared) ? declared : 'utf-8';
  if (label !== 'utf-8' && label !== 'utf8' && !label.startsWith('utf-16')) {
    // Multi-byte UTF-8 does not happen by chance in another charset's text: a page saved as UTF-8
    // and served as ISO-8859-1 (a common server default) is UTF-8 whatever it says.
    const utf8 = strictUtf8(bytes);
    if (utf8 !== undefined && /[^\x00-\x7f]/.test(utf8)) return { text: utf8, charset: 'utf-8', warning: `declared ${declared}, but the bytes are UTF-8: decoded as UTF-8` };
  }
  const text = decoderFor(label).decode(bytes);
  if (!text.includes('\uFFFD')) return { text, charset: label };
  // Either the declaration is wrong or there is none and the bytes are not UTF-8.
  const said = declared ? `declared ${declared}` : 'no charset declared';
  const guessed = detectCharset(bytes);
  if (guessed && guessed.label !== label) {
    const warning = `${said}, but the bytes are not ${label}: decoded as ${guessed.label} (detected)`;
    return { text: guessed.text, charset: guessed.label, ...(guessed.text.includes('\uFFFD') ? { warning: `${warning}; some characters are still unreadable` } : { warning }) };
  }
  return { text, charset: label, warning: `${said}; the text holds ${countReplacements(text)} unreadable characters` };
}

/**
 * The likeliest charset for bytes that did not decode as declared. chardet ranks candidates by byte
 * statistics, which cannot tell GBK from EUC-KR on short texts (they share their byte ranges), so
 * each strong candidate is decoded and the one that reads as ordinary Chinese text (common Han
 * characters), with the fewest unreadable characters, wins.
 */
function detectCharset(bytes: Uint8Array): { label: string; text: string } | undefined {
  const candidates = chardet.analyse(bytes);
  const best = candidates[0]?.confidence ?? 0;
  let chosen: { label: string; text: string; score: number } | undefined;
  for (const c of candidates) {
    if (c.confidence < best - 20) break;
    const label = c.name.toLowerCase();
    if (!isKnownLabel(label)) continue;
    const text = decoderFor(label).decode(bytes);
    const score = commonHanCount(text) - 10 * countReplacements(text);
    if (!chosen || score > chosen.score) chosen = { label, text, score };
  }
  return chosen;
}

// The most frequent characters of written Chinese (simplified and the forms shared with
// traditional). Mojibake from the wrong double-byte charset is made of rare characters.
const COMMON_HAN = new Set(
  '的一是不了在人有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空众技轻程告江语英基派满式李息写呢识极令黄德收钱党未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴试团布支付禁股银投府',
);

function commonHanCount(text: string): number {
  let n = 0;
  for (const ch of text) if (COMMON_HAN.has(ch)) n++;
  return n;
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isKnownLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

// The WHATWG labels for windows-1252. Node's TextDecoder decodes them as ISO-8859-1, turning
// 0x80–0x9F (’ “ ” – €) into invisible control characters, so iconv-lite decodes these instead.
const WINDOWS_1252 = new Set(['windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'ansi_x3.4-1968']);

function decoderFor(label: string): { decode(bytes: Uint8Array): string } {
  if (WINDOWS_1252.has(label)) return { decode: (bytes) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'win1252') };
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
