// A name inside a link ("https://www.tiktok.com/@news", "qq.com", "press@alipay.com") is an address,
// not a report about the company: such spans are masked before matching.

const SCHEME_URL = /\b(?:https?|ftp):\/\/[^\s<>"]+/gi;
const WWW_URL = /\bwww\.[^\s<>"]+/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// A top-level domain label; it must be lower-case, so a sentence glued to the next one ("banned
// WeChat.The order…") is not taken for a domain.
const TLD = /\.(?:com|net|org|cn|hk|tw|io|gov|edu|info|biz|co|app|tv|sg|uk|us|jp)(?![A-Za-z0-9-])/g;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

function markAll(text: string, pattern: RegExp, mark: (start: number, end: number) => void): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) mark(m.index, m.index + m[0].length);
}

/**
 * Marks the characters of `text` that belong to URLs, e-mail addresses or bare domains
 * ("alipay.com", "qq.com/news").
 * @returns one flag per UTF-16 unit (1 = inside a link), or null when the text has none
 */
export function maskUrls(text: string): Uint8Array | null {
  let mask: Uint8Array | null = null;
  const mark = (start: number, end: number): void => {
    mask ??= new Uint8Array(text.length);
    mask.fill(1, start, end);
  };
  // Cheap substring checks first: each pattern runs only on texts that could hold it.
  if (text.includes('://')) markAll(text, SCHEME_URL, mark);
  if (text.includes('www.')) markAll(text, WWW_URL, mark);
  if (text.includes('@')) markAll(text, EMAIL, mark);
  TLD.lastIndex = 0;
  for (let m = TLD.exec(text); m !== null; m = TLD.exec(text)) {
    // Walk back over the domain's labels; a bare "." with no label before it is no domain.
    let start = m.index;
    while (start > 0 && DOMAIN_CHAR.test(text[start - 1] as string)) start--;
    while (start < m.index && !/[A-Za-z0-9]/.test(text[start] as string)) start++;
    if (start === m.index) continue;
    let end = m.index + m[0].length;
    if (text[end] === '/') while (end < text.length && !/[\s<>"]/.test(text[end] as string)) end++;
    mark(start, end);
  }
  return mask;
}
