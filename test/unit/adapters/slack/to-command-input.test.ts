import { describe, expect, it } from 'vitest';
import { SLACK_MANAGE_REFUSAL, toCommandInput } from '../../../../adapters/slack/to-command-input.ts';

const payload = { team_id: 'T0001', channel_id: 'C0001', user_id: 'U0001', user_name: 'alice', text: 'watch add eo-13971' };

describe('toCommandInput', () => {
  it('maps channel, workspace, user and text of a slash command', () => {
    expect(toCommandInput(payload, { adminUserIds: [] })).toEqual({
      platform: 'slack',
      channel: { platform: 'slack', id: 'C0001', workspace: 'T0001' },
      user: { id: 'U0001', name: 'alice' },
      text: 'watch add eo-13971',
    });
  });

  it('applies no rule when no admins are configured (canManage undefined)', () => {
    const input = toCommandInput(payload, { adminUserIds: [] });
    expect(input.canManage).toBeUndefined();
    expect(input.manageRefusal).toBeUndefined();
  });

  it('lets a listed admin manage and refuses others with a reason', () => {
    expect(toCommandInput(payload, { adminUserIds: ['U0001'] }).canManage).toBe(true);
    const other = toCommandInput({ ...payload, user_id: 'U0002' }, { adminUserIds: ['U0001'] });
    expect(other.canManage).toBe(false);
    expect(other.manageRefusal).toBe(SLACK_MANAGE_REFUSAL);
  });

  it('undoes Slack\'s &amp;/&lt;/&gt; escaping and folds whitespace, so the core sees what was typed', () => {
    const input = toCommandInput({ ...payload, text: '  track  AT&amp;T &lt;Holdings&gt; &amp;lt;  ' }, { adminUserIds: [] });
    expect(input.text).toBe('track AT&T <Holdings> &lt;');
  });

  it('turns a link Slack wrapped as <url|label> back into the URL that was typed', () => {
    const input = toCommandInput({ ...payload, text: 'feeds add <https://example.org/rss_feed?a=1&amp;b=2|example.org/rss_feed>' }, { adminUserIds: [] });
    expect(input.text).toBe('feeds add https://example.org/rss_feed?a=1&b=2');
  });

  it('treats a missing text as an empty command', () => {
    const { text: _text, ...withoutText } = payload;
    expect(toCommandInput(withoutText, { adminUserIds: [] }).text).toBe('');
  });
});
