// Charsets as feeds really send them: declared, undeclared, and declared wrongly.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../../../src/feeds/decode-feed-body.ts';

const CHINESE = '<rss version="2.0"><channel><title>南岸快讯</title><item><title>美国商务部将华为列入实体清单</title><description>微信支付与支付宝的用户对禁令表示担忧，市场人士认为影响有限。</description></item></channel></rss>';
const LATIN = '<rss version="2.0"><channel><title>Café Wire</title><item><title>Régulateurs européens: TikTok répond à l’enquête</title></item></channel></rss>';

describe('decodeFeedBody', () => {
  it('decodes UTF-8 as declared, silently', () => {
    expect(decodeFeedBody(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${CHINESE}`))).toEqual({ text: `<?xml version="1.0" encoding="UTF-8"?>${CHINESE}`, charset: 'utf-8' });
  });

  it('detects GBK when nothing is declared, and says it guessed', () => {
    const out = decodeFeedBody(iconv.encode(CHINESE, 'gbk'), 'application/xml');
    expect(out.text).toBe(CHINESE);
    expect(out.warning).toMatch(/no charset declared.*gb18030 \(detected\)/);
  });

  it('detects GBK that the XML declaration wrongly calls UTF-8', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>${CHINESE}`;
    const out = decodeFeedBody(iconv.encode(xml, 'gbk'));
    expect(out.text).toBe(xml);
    expect(out.warning).toMatch(/declared utf-8/);
  });

  it('reads UTF-8 served as ISO-8859-1 as UTF-8', () => {
    const out = decodeFeedBody(Buffer.from(LATIN), 'text/xml; charset=ISO-8859-1');
    expect(out.text).toBe(LATIN);
    expect(out.warning).toMatch(/declared iso-8859-1, but the bytes are UTF-8/);
  });

  it('honours a correct single-byte declaration without a warning', () => {
    const out = decodeFeedBody(iconv.encode(LATIN, 'win1252'), 'text/xml; charset=windows-1252');
    expect(out).toEqual({ text: LATIN, charset: 'windows-1252' });
  });

  it('keeps going with a warning when bytes are unreadable in every charset', () => {
    const out = decodeFeedBody(Buffer.from([0x3c, 0x72, 0x73, 0x73, 0x3e, 0xff, 0xfe, 0xfd, 0x3c, 0x2f, 0x72, 0x73, 0x73, 0x3e].slice(0)), 'text/xml; charset=utf-8');
    expect(out.text.startsWith('<rss>')).toBe(true);
    expect(out.warning).toBeTruthy();
  });
});
