// A Discord chat-input interaction → the platform-neutral CommandInput. Pure: takes the few fields it
// needs (a ChatInputCommandInteraction has them all), so tests pass plain objects.
import { PermissionFlagsBits } from 'discord.js';
import { changeScope } from '../../src/commands/grammar.ts';
import type { CommandInput, Reply } from '../../src/model.ts';

/** Which Discord permission lets a member change a channel's watchlist; `none` leaves it to the core. */
export type ManagePermission = 'ManageChannels' | 'ManageGuild' | 'Administrator' | 'none';

/** What `toCommandInput` reads from an interaction. */
export interface DiscordCommandData {
  /** Null in DMs. */
  guildId: string | null;
  channelId: string | null;
  user: { id: string; username?: string; globalName?: string | null };
  /** The invoker's permissions in this channel (overwrites applied); null in DMs. */
  memberPermissions: { has(permission: bigint): boolean } | null;
  /** The `query` option: everything the user typed after `/sanctions`. */
  query: string;
  /** The guild's roles (from the gateway's cache); empty in DMs. */
  roles?: Array<{ id: string; name: string }>;
}

/**
 * Undoes Discord's mention syntax: a role `<@&123>` becomes `@Name` (or `@123` when the role is not
 * cached). The guild's roles, but for @everyone, are what may be mentioned, and so is a role id
 * typed bare.
 */
function undoDiscordSyntax(query: string, guildId: string | null, roles: Array<{ id: string; name: string }> = []): { text: string; mentionables: Array<{ id: string; name: string }> } {
  const mentionables = roles.filter((r) => r.id !== guildId && r.name !== '@everyone');
  const text = query.replace(/<@&(\d{5,25})>/g, (_, id: string) => {
    const role = mentionables.find((r) => r.id === id);
    if (!role) mentionables.push({ id, name: id });
    return `@${role?.name ?? id}`;
  });
  // A role id typed bare still names a role, cached or not.
  for (const id of text.match(/(?<![\w@])\d{17,20}(?!\w)/g) ?? []) if (!mentionables.some((r) => r.id === id)) mentionables.push({ id, name: id });
  return { text, mentionables };
}

export const DM_REFUSAL = 'Watchlists can only be changed in a server channel';

const PERMISSION_LABELS: Record<Exclude<ManagePermission, 'none'>, string> = {
  ManageChannels: 'Manage Channels',
  ManageGuild: 'Manage Server',
  Administrator: 'Administrator',
};

/**
 * Builds the CommandInput for `/sanctions <query>`. `canManage` comes from the member's permissions in
 * the channel (Administrator counts as every permission); in DMs it is always false, since a
 * watchlist belongs to a server channel; with `managePermission: 'none'` it is left undefined in servers.
 */
export function toCommandInput(data: DiscordCommandData, options: { managePermission: ManagePermission }): CommandInput {
  const workspace = data.guildId ?? undefined;
  const undone = undoDiscordSyntax(data.query, data.guildId, data.roles);
  const input: CommandInput = {
    platform: 'discord',
    channel: { platform: 'discord', id: data.channelId ?? '', ...(workspace ? { workspace } : {}) },
    user: { id: data.user.id, name: data.user.globalName || data.user.username || undefined },
    text: undone.text.trim().replace(/\s+/g, ' '),
    ...(undone.mentionables.length ? { mentionables: undone.mentionables } : {}),
  };
  if (!data.guildId) return { ...input, canManage: false, manageRefusal: DM_REFUSAL };
  if (options.managePermission === 'none') return input;
  // Feeds belong to the whole server: changing them needs Manage Server (Administrator counts).
  const serverRole = data.memberPermissions?.has(PermissionFlagsBits.ManageGuild)
    ? { canManageWorkspace: true }
    : { canManageWorkspace: false, workspaceRefusal: 'changing this server’s feeds needs the Manage Server permission' };
  const label = PERMISSION_LABELS[options.managePermission];
  const flag = PermissionFlagsBits[options.managePermission];
  if (data.memberPermissions?.has(flag)) return { ...input, canManage: true, ...serverRole };
  return { ...input, canManage: false, manageRefusal: `needs the ${label} permission in this channel`, ...serverRole };
}

/**
 * Guesses a command's reply visibility before the core has answered, so the deferral ("thinking…")
 * can already be public or private: changes the caller may make are public, everything else private.
 * A wrong guess is corrected after the fact (the adapter deletes the deferral and follows up).
 */
export function expectedVisibility(input: CommandInput): Reply['visibility'] {
  // A feed change without Manage Server is refused, privately.
  const scope = changeScope(input.text);
  if (input.canManageWorkspace === false && scope === 'workspace') return 'ephemeral';
  return input.canManage !== false && scope !== undefined ? 'in_channel' : 'ephemeral';
}
