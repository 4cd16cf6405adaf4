// Feed text arrives as HTML of unknown quality. Every stage that reads it (matching, classifying,
// summarising) reads it as rendered: tags gone, entities decoded, whitespace folded.

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', hellip: '…', middot: '·', bull: '•',
  copy: '©', reg: '®', trade: '™', laquo: '«', raquo: '»', shy: '', zwj: '', zwnj: '',
  eacute: 'é', egrave: 'è', agrave: 'à', aacute: 'á', uuml: 'ü', ouml: 'ö', auml: 'ä', ccedil: 'ç',
};

/** Tags that end a line or block when rendered: replaced by a space so words do not run together. */
const BLOCK_TAG = /<\/?(?:p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|section|article|header|footer|hr|figure|figcaption|pre)\b[^>]*>/gi;

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

/**
 * HTML (or plain text) → the text a reader sees: scripts, styles and comments removed, block tags
 * become spaces, inline tags vanish without a space (`<b>We</b>Chat` reads "WeChat"), character
 * references decoded, control characters dropped, whitespace folded.
 */
export function toPlainText(html: string | undefined | null): string {
  if (!html) return '';
  let text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|iframe|object)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(BLOCK_TAG, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '');
  // Entities are decoded after tags are gone, so an encoded "&lt;b&gt;" stays visible text.
  text = decodeEntities(text);
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
