// Feed HTML rendered as a reader sees it. The fast path (plain tags) and the general path
// (comments, CDATA, scripts, stray "<") must read the same text.
import { describe, expect, it } from 'vitest';
import { toPlainText } from '../../../src/text/plain-text.ts';

describe('toPlainText', () => {
  it('drops inline tags without a space and turns block tags into one', () => {
    expect(toPlainText('<p>The <b>We</b>Chat ban</p><p>takes effect</p>')).toBe('The WeChat ban takes effect');
    expect(toPlainText('line one<br/>line two<pre>code</pre>')).toBe('line one line two code');
  });

  it('removes scripts, styles and comments with their content, on the general path', () => {
    expect(toPlainText('Alipay<script>alert("x<y")</script> banned<!-- note --> today')).toBe('Alipay banned today');
    expect(toPlainText('<style>p{color:red}</style><div>TikTok</div>')).toBe('TikTok');
    expect(toPlainText('<![CDATA[Tencent <i>QQ</i>]]>')).toBe('Tencent QQ');
  });

  it('keeps text that only looks like markup: a lone "<", a comparison, an encoded tag', () => {
    expect(toPlainText('revenue < 5% of sales')).toBe('revenue < 5% of sales');
    expect(toPlainText('a <b>bold</b> claim that 3 < 4')).toBe('a bold claim that 3 < 4');
    expect(toPlainText('&lt;b&gt;not bold&lt;/b&gt;')).toBe('<b>not bold</b>');
  });

  it('treats an unclosed tag at the end as text, and a "<" inside a tag like the general path', () => {
    expect(toPlainText('Huawei <a href="x"')).toBe('Huawei <a href="x"');
    // A tag ends at its first ">", as the regex passes read it.
    expect(toPlainText('x <a title="<b>">y</a> z')).toBe('x ">y z');
  });

  it('decodes character references, drops control and zero-width characters, folds whitespace', () => {
    expect(toPlainText('AT&amp;T&nbsp;and&#x20;ZTE &mdash; &#169; &bogus;')).toBe('AT&T and ZTE — © &bogus;');
    expect(toPlainText('Ti\u200bk\u0007Tok\n\n\t  ban  ')).toBe('TikTok ban');
    expect(toPlainText('&#0;&#xD800;ok')).toBe('ok');
  });

  it('returns an empty string for nothing', () => {
    expect(toPlainText(undefined)).toBe('');
    expect(toPlainText('')).toBe('');
    expect(toPlainText('<p></p>')).toBe('');
  });
});
