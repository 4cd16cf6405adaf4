// Pure translation of a Slack slash-command payload into the platform-neutral CommandInput.
import type { CommandInput } from '../../src/model.ts';

/** The fields of Slack's slash-command form body that the bot reads (Bolt's `SlashCommand`). */
export interface SlashCommandPayload {
  team_id: string;
  channel_id: string;
  user_id: string;
  user_name?: string;
  text?: string;
  enterprise_id?: string;
}

export interface CommandInputOptions {
  /** Slack user ids allowed to change watchlists and feeds; empty means no rule (everyone may). */
  adminUserIds: readonly string[];
}

/** Shown when someone outside `adminUserIds` tries to change a watchlist or the feeds. */
export const SLACK_MANAGE_REFUSAL =
  "only this bot's admins can change watchlists and feeds (ask whoever runs it to add your Slack user id to `SLACK_ADMIN_USER_IDS`)";

/**
 * Slack HTML-escapes `&`, `<` and `>` in the command text it sends (`AT&T` arrives as `AT&amp;T`);
 * undo exactly that so the core sees what the user typed.
 */
function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Undoes Slack's own syntax in command text (sent when the command escapes mentions and links): a
 * user group `<!subteam^S123|@compliance>` becomes `@compliance` and is listed as mentionable, a
 * user `<@U123|ana>` becomes `@ana`, a channel `<#C123|general>` `#general`, a link `<https://…|…>`
 * its URL. Runs before the HTML unescape, so a user's literal `&lt;…&gt;` never turns into syntax.
 */
function undoSlackSyntax(text: string): { text: string; mentionables: Array<{ id: string; name: string }> } {
  const mentionables: Array<{ id: string; name: string }> = [];
  const out = text.replace(/<([!@#])([^<>|]*)(?:\|([^<>]*))?>|<(https?:\/\/[^<>|\s]+)(?:\|[^<>]*)?>/g, (whole, sigil?: string, ref?: string, label?: string, url?: string) => {
    if (url) return url;
    const name = label?.replace(/^[@#]/, '');
    if (sigil === '!') {
      const group = /^subteam\^([A-Z0-9]+)$/.exec(ref ?? '')?.[1];
      if (!group) return whole;
      mentionables.push({ id: group, name: name || group });
      return `@${name || group}`;
    }
    return `${sigil}${name || ref}`;
  });
  return { text: out, mentionables };
}

/**
 * `/sanctions …` payload → CommandInput. `canManage` is undefined when no admin list is configured
 * (the adapter applies no rule), otherwise whether the caller is on it.
 */
export function toCommandInput(payload: SlashCommandPayload, options: CommandInputOptions): CommandInput {
  const canManage = options.adminUserIds.length === 0 ? undefined : options.adminUserIds.includes(payload.user_id);
  const undone = undoSlackSyntax(payload.text ?? '');
  const input: CommandInput = {
    platform: 'slack',
    channel: { platform: 'slack', id: payload.channel_id, workspace: payload.team_id || undefined },
    user: payload.user_name ? { id: payload.user_id, name: payload.user_name } : { id: payload.user_id },
    text: unescapeSlackText(undone.text).replace(/\s+/g, ' ').trim(),
  };
  if (undone.mentionables.length) input.mentionables = undone.mentionables;
  if (canManage !== undefined) input.canManage = canManage;
  if (canManage === false) input.manageRefusal = SLACK_MANAGE_REFUSAL;
  return input;
}


/** The fields of a `users.info` user that decide whether they may change the workspace's feeds. */
export interface SlackUserRoles {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
}

const SLACK_WORKSPACE_REFUSAL = 'only a workspace admin or owner can change the feeds of this workspace (or someone listed in `SLACK_ADMIN_USER_IDS`)';

/** Workspace admins and owners may change feeds; guests, bots and deactivated accounts never. */
export function workspaceRole(user: SlackUserRoles): Pick<CommandInput, 'canManageWorkspace' | 'workspaceRefusal'> {
  const ok = Boolean(user.is_admin || user.is_owner || user.is_primary_owner) && !user.is_restricted && !user.is_ultra_restricted && !user.is_bot && !user.deleted;
  return ok ? { canManageWorkspace: true } : { canManageWorkspace: false, workspaceRefusal: SLACK_WORKSPACE_REFUSAL };
}
