// Feed text arrives as HTML of unknown quality. Every stage that reads it (matching, classifying,
// summarising) reads it as rendered: tags gone, entities decoded, whitespace folded.

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', hellip: '…', middot: '·', bull: '•',
  copy: '©', reg: '®', trade: '™', laquo: '«', raquo: '»', shy: '', zwj: '', zwnj: '',
  eacute: 'é', egrave: 'è', agrave: 'à', aacute: 'á', uuml: 'ü', ouml: 'ö', auml: 'ä', ccedil: 'ç',
};

/** Tags that end a line or block when rendered: replaced by a space so words do not run together. */
const BLOCK_TAG_NAMES = 'p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|section|article|header|footer|hr|figure|figcaption|pre';
const BLOCK_TAG = new RegExp(`<\\/?(?:${BLOCK_TAG_NAMES})\\b[^>]*>`, 'gi');
const IS_BLOCK_TAG_NAME = new RegExp(`^(?:${BLOCK_TAG_NAMES})$`, 'i');
/** Elements removed with their content. */
const HIDDEN_ELEMENT = /<(script|style|noscript|iframe|object)\b[\s\S]*?<\/\1\s*>/gi;
const IS_HIDDEN_ELEMENT_NAME = /^(?:script|style|noscript|iframe|object)$/i;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u2060\ufeff]/g;
// Only runs of whitespace and other space characters need replacing: single spaces stay as they are.
const SPACES = / \s+|[^\S ]\s*/g;

/** Every run of whitespace as one space, and none at either end. */
export function foldSpaces(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

/** Decodes HTML character references (named, decimal, hex). Unknown names are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      // Lone surrogates and out-of-range code points would throw; NUL is never wanted.
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[ref.toLowerCase()];
    return named ?? whole;
  });
}

/** Tag removal in general: comments, hidden elements, CDATA sections, then block and inline tags. */
function stripMarkup(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(HIDDEN_ELEMENT, ' ')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(BLOCK_TAG, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '');
}

const isAsciiLetter = (code: number): boolean => (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
const isAsciiWordChar = (code: number): boolean => isAsciiLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x5f;

/**
 * The same as stripMarkup, in one pass, for the usual markup: plain tags only. Returns null when
 * the passes of stripMarkup could interact (a comment, CDATA, a hidden element, a "<" inside a
 * tag), so the caller takes the general path. Every "<" is looked at, up to the last ">", after
 * which no tag, comment or CDATA section can end.
 */
function stripSimpleTags(html: string): string | null {
  let out = '';
  let pos = 0;
  let lt = html.indexOf('<');
  while (lt !== -1) {
    const next = html.indexOf('<', lt + 1);
    // "<!--" and "<![CDATA[" (and "<!DOCTYPE"): for the general path.
    if (html.charCodeAt(lt + 1) === 0x21) return null;
    const closing = html.charCodeAt(lt + 1) === 0x2f;
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!isAsciiLetter(html.charCodeAt(nameStart))) {
      lt = next;
      continue;
    }
    const gt = html.indexOf('>', nameStart);
    // Nothing after this point can close a tag: the rest is text.
    if (gt === -1) break;
    if (next !== -1 && next < gt) return null;
    let nameEnd = nameStart + 1;
    while (isAsciiWordChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd);
    if (!closing && IS_HIDDEN_ELEMENT_NAME.test(name)) return null;
    out += html.slice(pos, lt);
    if (IS_BLOCK_TAG_NAME.test(name)) out += ' ';
    pos = gt + 1;
    lt = next;
  }
  return out + html.slice(pos);
}

/**
 * HTML (or plain text) → the text a reader sees: scripts, styles and comments removed, block tags
 * become spaces, inline tags vanish without a space (`<b>We</b>Chat` reads "WeChat"), character
 * references decoded, control characters dropped, whitespace folded.
 */
export function toPlainText(html: string | undefined | null): string {
  if (!html) return '';
  let text = html.includes('<') ? (stripSimpleTags(html) ?? stripMarkup(html)) : html;
  // Entities are decoded after tags are gone, so an encoded "&lt;b&gt;" stays visible text.
  if (text.includes('&')) text = decodeEntities(text);
  return foldSpaces(text.replace(CONTROL, ''));
}
