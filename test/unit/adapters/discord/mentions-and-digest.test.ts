import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../../../adapters/discord/render.ts';
import { toCommandInput } from '../../../../adapters/discord/to-command-input.ts';
import { validateMessage } from '../../../fakes/fake-discord.ts';
import { buildDigestAlert, buildDigestStory } from '../../../fixtures/build-digest.ts';

const GUILD = '400000000000000001';
const data = (query: string, roles = [{ id: GUILD, name: '@everyone' }, { id: '400000000000000077', name: 'Compliance' }]) => ({
  guildId: GUILD,
  channelId: '400000000000000011',
  user: { id: '1', username: 'ana' },
  memberPermissions: { has: () => true },
  query,
  roles,
});

describe('Discord syntax in command text', () => {
  it('turns a role mention into @Name and lists the guild’s roles (not @everyone) as mentionable', () => {
    const input = toCommandInput(data('settings mention <@&400000000000000077> high'), { managePermission: 'ManageChannels' });
    expect(input.text).toBe('settings mention @Compliance high');
    expect(input.mentionables).toEqual([{ id: '400000000000000077', name: 'Compliance' }]);
  });

  it('keeps the id of a role it has not cached, so it still resolves', () => {
    const input = toCommandInput(data('settings mention <@&400000000000000099>', []), { managePermission: 'ManageChannels' });
    expect(input.text).toBe('settings mention @400000000000000099');
    expect(input.mentionables).toEqual([{ id: '400000000000000099', name: '400000000000000099' }]);
  });

  it('takes a role id typed bare, as before', () => {
    const input = toCommandInput(data('settings mention 400000000000000098 high', []), { managePermission: 'ManageChannels' });
    expect(input.text).toBe('settings mention 400000000000000098 high');
    expect(input.mentionables).toEqual([{ id: '400000000000000098', name: '400000000000000098' }]);
  });
});

describe('Discord digest rendering', () => {
  it('renders a digest as one embed: title with the count, a line pair per story, the held count in the footer; no ping', () => {
    const body = renderAlert(buildDigestAlert([buildDigestStory()], { mentionRoleId: '400000000000000077' }));
    expect(validateMessage(body)).toBeNull();
    const embed = body.embeds![0]!;
    expect(embed.title).toBe('🗞️ Daily digest · 1 story');
    expect(embed.description).toContain('🟠 **MEDIUM** [House committee opens inquiry into Alipay data practices](https://news.example/inquiry)');
    expect(embed.description).toContain('Investigation · Alipay · 3 reports (Capitol Wire, Trade Desk, Asia Markets) · <t:');
    expect(embed.footer?.text).toBe('3 alerts held since the last digest, grouped by story');
    expect(body.content).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('keeps a digest of hundreds of stories within Discord’s limits', () => {
    const stories = Array.from({ length: 400 }, (_, i) => buildDigestStory({ storyId: `st_${i}`, title: `Story ${i} `.repeat(40) }));
    const body = renderAlert(buildDigestAlert(stories));
    expect(validateMessage(body)).toBeNull();
    expect(body.embeds![0]!.description).toMatch(/… and \d+ more$/);
  });
});
