import { describe, expect, it } from 'vitest';
import { maskUrls } from '../../../src/match/url-mask.ts';

/** The masked substrings of a text. */
function masked(text: string): string[] {
  const mask = maskUrls(text);
  if (!mask) return [];
  const spans: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    if (mask[i] === 1 && start === -1) start = i;
    if (mask[i] !== 1 && start !== -1) {
      spans.push(text.slice(start, i));
      start = -1;
    }
  }
  return spans;
}

describe('maskUrls', () => {
  it('masks scheme URLs, www addresses, e-mail addresses and bare domains with paths', () => {
    const text = 'See https://www.tiktok.com/@x, www.wechat.com, press@alipay.com and qq.com/news today.';
    expect(masked(text)).toEqual(['https://www.tiktok.com/@x,', 'www.wechat.com,', 'press@alipay.com', 'qq.com/news']);
  });

  it('leaves sentences glued after a full stop alone (the "domain" would be upper-case)', () => {
    expect(maskUrls('The order banned WeChat.The court disagreed.')).toBeNull();
  });

  it('returns null for text without any link', () => {
    expect(maskUrls('Huawei, ZTE and U.S. officials met.')).toBeNull();
  });
});
