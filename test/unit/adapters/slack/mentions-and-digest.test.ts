import { describe, expect, it } from 'vitest';
import { renderAlert, SLACK_LIMITS } from '../../../../adapters/slack/render.ts';
import { toCommandInput } from '../../../../adapters/slack/to-command-input.ts';
import { blockKitErrors, parsedSlackText } from '../../../fakes/fake-slack.ts';
import { buildDigestAlert, buildDigestStory } from '../../../fixtures/build-digest.ts';

const payload = (text: string) => ({ team_id: 'T0001', channel_id: 'C0001', user_id: 'U0001', text });

describe('Slack syntax in command text', () => {
  it('turns a picked user group into @name and lists it as mentionable', () => {
    const input = toCommandInput(payload('settings mention <!subteam^S0COMPLY|@compliance> high'), { adminUserIds: [] });
    expect(input.text).toBe('settings mention @compliance high');
    expect(input.mentionables).toEqual([{ id: 'S0COMPLY', name: 'compliance' }]);
  });

  it('undoes user, channel and link syntax, but never a user’s escaped text', () => {
    const input = toCommandInput(payload('feeds add <https://example.org/rss|example.org/rss> <@U1|ana> <#C1|general> &lt;!subteam^S9|@x&gt;'), { adminUserIds: [] });
    expect(input.text).toBe('feeds add https://example.org/rss @ana #general <!subteam^S9|@x>');
    expect(input.mentionables).toBeUndefined();
  });
});

describe('Slack digest and mention rendering', () => {
  it('renders a digest as a header, a count line and one line per story that a person can scan', () => {
    const rendered = renderAlert(buildDigestAlert([buildDigestStory(), buildDigestStory({ storyId: 'st_2', title: 'Ant Group reports profit', severity: 'low', category: 'corporate', items: 1, sources: ['Trade Desk'] })]));
    expect(blockKitErrors(rendered.blocks)).toEqual([]);
    expect(rendered.text).toBe('Daily digest: 2 stories, 4 alerts');
    const shown = JSON.stringify(rendered.blocks);
    expect(shown).toContain('🗞️ Daily digest · 2 stories');
    expect(shown).toContain('4 alerts held since the last digest');
    expect(shown).toContain('Investigation · Alipay · 3 reports (Capitol Wire, Trade Desk, Asia Markets) · 2026-03-28');
    expect(shown).toContain('Company news · Alipay · 1 report (Trade Desk)');
  });

  it('keeps a digest of hundreds of stories within Slack’s limits, saying how many were left out', () => {
    const stories = Array.from({ length: 400 }, (_, i) => buildDigestStory({ storyId: `st_${i}`, title: `Story ${i} `.repeat(40) }));
    const rendered = renderAlert(buildDigestAlert(stories));
    expect(blockKitErrors(rendered.blocks)).toEqual([]);
    expect(rendered.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(JSON.stringify(rendered.blocks.at(-1))).toMatch(/…and \d+ more stories/);
  });

  it('mentions a user group id set by the core on a high alert, and nothing from feed text', () => {
    const digest = buildDigestAlert([buildDigestStory()]);
    const alert = { ...digest, kind: 'new' as const, digest: undefined, title: 'Ban <!subteam^SEVIL>', summary: 's', source: 'Wire', mentionRoleId: 'S0COMPLY' };
    const parsed = parsedSlackText(renderAlert(alert));
    expect(parsed).toContain('<!subteam^S0COMPLY>');
    expect(parsed).not.toContain('SEVIL>');
    expect(parsedSlackText(renderAlert({ ...alert, mentionRoleId: '<!channel>' }))).not.toContain('<!');
  });
});
