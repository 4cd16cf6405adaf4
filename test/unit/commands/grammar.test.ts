import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changeScope, DISCORD_OPTION_HINT, GRAMMAR, HELP_LINES, SLACK_USAGE_HINT, subOf, verbOf } from '../../../src/commands/grammar.ts';

describe('the /sanctions grammar table', () => {
  it('is what the checked-in Slack manifest hints (update usage_hint in adapters/slack/manifest.yml to this)', () => {
    const manifest = readFileSync('adapters/slack/manifest.yml', 'utf8');
    const hint = /^\s*usage_hint: "(.*)"$/m.exec(manifest)?.[1];
    expect(hint).toBe(SLACK_USAGE_HINT);
  });

  it('gives Discord a hint within its 100 characters and every verb a help line', () => {
    expect(DISCORD_OPTION_HINT.length).toBeLessThanOrEqual(100);
    for (const c of GRAMMAR) expect(HELP_LINES.some((l) => l.startsWith(`/sanctions ${c.verb === 'lookup' ? '<name>' : c.verb}`))).toBe(true);
  });

  it('reads verbs and sub-verbs with their synonyms, and nothing else as a verb', () => {
    expect(verbOf('FEED')).toBe('feeds');
    expect(verbOf('?')).toBe('help');
    expect(verbOf('alipay')).toBeUndefined();
    expect(subOf('feeds', 'enable')).toBe('add');
    expect(subOf('watch', undefined)).toBe('list');
    expect(subOf('watch', 'drop')).toBeUndefined();
    expect(subOf('settings', 'Digest')).toBe('digest');
    expect(subOf('settings', undefined)).toBeUndefined();
  });

  it('tells the adapters which commands change a channel or the workspace’s feeds, before the core answers', () => {
    for (const t of ['watch add alipay', 'WATCH remove eo-13971', 'track "Acme Robotics"', 'untrack acme', 'settings severity high']) expect(changeScope(t)).toBe('channel');
    for (const t of ['feeds add https://example.org/rss', 'feed enable 2', 'feeds remove 1']) expect(changeScope(t)).toBe('workspace');
    for (const t of ['alipay', 'watch', 'watch list', 'watch rm alipay', 'settings', 'settings colour red', 'feeds', 'feeds list', 'recent 5', 'why st_1', 'help', '']) expect(changeScope(t)).toBeUndefined();
  });
});
