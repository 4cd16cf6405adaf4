import { PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DM_REFUSAL, expectedVisibility, toCommandInput } from '../../../../adapters/discord/to-command-input.ts';
import type { DiscordCommandData, ManagePermission } from '../../../../adapters/discord/to-command-input.ts';

const GUILD = '100000000000000001';
const CHANNEL = '100000000000000002';

function data(overrides: Partial<DiscordCommandData> & { permissions?: bigint } = {}): DiscordCommandData {
  const { permissions = 0n, ...rest } = overrides;
  return {
    guildId: GUILD,
    channelId: CHANNEL,
    user: { id: '100000000000000003', username: 'alice', globalName: 'Alice' },
    memberPermissions: new PermissionsBitField(permissions),
    query: '  watch   add eo-13971 ',
    ...rest,
  };
}

const input = (d: DiscordCommandData, managePermission: ManagePermission = 'ManageChannels') => toCommandInput(d, { managePermission });

describe('toCommandInput', () => {
  it('maps a guild interaction to a neutral command with the channel, server and user', () => {
    expect(input(data({ permissions: 16n }))).toEqual({
      platform: 'discord',
      channel: { platform: 'discord', id: CHANNEL, workspace: GUILD },
      user: { id: '100000000000000003', name: 'Alice' },
      text: 'watch add eo-13971',
      canManage: true,
      canManageWorkspace: false,
      workspaceRefusal: expect.stringMatching(/Manage Server/),
    });
  });

  it("changing the server's feeds needs Manage Server (Administrator counts), whatever the channel setting", () => {
    expect(input(data({ permissions: 16n })).canManageWorkspace).toBe(false);
    expect(input(data({ permissions: 16n | 32n })).canManageWorkspace).toBe(true);
    expect(input(data({ permissions: 8n })).canManageWorkspace).toBe(true);
  });

  it('a member without Manage Channels may not manage, and is told which permission is missing', () => {
    const result = input(data({ permissions: PermissionsBitField.Flags.SendMessages }));
    expect(result.canManage).toBe(false);
    expect(result.manageRefusal).toMatch(/Manage Channels/);
  });

  it('Administrator counts as Manage Channels', () => {
    expect(input(data({ permissions: PermissionsBitField.Flags.Administrator })).canManage).toBe(true);
  });

  it('with ManageGuild configured, Manage Channels is not enough but Manage Server is', () => {
    const channelsOnly = input(data({ permissions: 16n }), 'ManageGuild');
    expect(channelsOnly.canManage).toBe(false);
    expect(channelsOnly.manageRefusal).toMatch(/Manage Server/);
    expect(input(data({ permissions: 32n }), 'ManageGuild').canManage).toBe(true);
  });

  it('with Administrator configured, Manage Channels and Manage Server are not enough', () => {
    expect(input(data({ permissions: 16n | 32n }), 'Administrator').canManage).toBe(false);
    expect(input(data({ permissions: 8n }), 'Administrator').canManage).toBe(true);
  });

  it('in a DM nobody may manage, whatever the setting, and the refusal says why', () => {
    for (const setting of ['ManageChannels', 'none'] as const) {
      const result = input(data({ guildId: null, memberPermissions: null, channelId: '100000000000000009' }), setting);
      expect(result).toMatchObject({ canManage: false, manageRefusal: DM_REFUSAL });
      expect(result.channel).toEqual({ platform: 'discord', id: '100000000000000009' });
    }
  });

  it("with 'none' the adapter applies no rule in servers", () => {
    const result = input(data({ permissions: 0n }), 'none');
    expect(result.canManage).toBeUndefined();
    expect(result.manageRefusal).toBeUndefined();
  });

  it('falls back to the username when the user has no display name', () => {
    expect(input(data({ user: { id: '1', username: 'bob', globalName: null } })).user).toEqual({ id: '1', name: 'bob' });
  });
});

describe('expectedVisibility', () => {
  it('a permitted watchlist change is expected to be public; lookups and refused changes private', () => {
    expect(expectedVisibility(input(data({ permissions: 16n })))).toBe('in_channel');
    expect(expectedVisibility(input(data({ permissions: 0n })))).toBe('ephemeral');
    expect(expectedVisibility(input(data({ permissions: 16n, query: 'alipay' })))).toBe('ephemeral');
    expect(expectedVisibility(input(data({ permissions: 16n, query: 'watch list' })))).toBe('ephemeral');
    expect(expectedVisibility(input(data({ permissions: 16n, query: 'settings mention <@&123> high' })))).toBe('in_channel');
    // `settings` alone only shows the settings, to the caller.
    expect(expectedVisibility(input(data({ permissions: 16n, query: 'settings' })))).toBe('ephemeral');
    // A feed change needs Manage Server: without it the refusal is private from the start.
    expect(expectedVisibility(input(data({ permissions: 16n, query: 'feeds add https://example.org/rss' })))).toBe('ephemeral');
    expect(expectedVisibility(input(data({ permissions: 16n | 32n, query: 'feeds add https://example.org/rss' })))).toBe('in_channel');
  });
});
