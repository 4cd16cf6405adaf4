// The `/sanctions` application command and its registration. One required free-text option takes the
// same grammar as Slack (`alipay`, `watch add eo-13971`, `recent`): Discord forbids invoking a command
// that has subcommands on its own, so `/sanctions alipay` could not coexist with subcommands.
import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType, REST, Routes } from 'discord.js';
import { DISCORD_OPTION_HINT } from '../../src/commands/grammar.ts';
import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

export const COMMAND_NAME = 'sanctions';
export const QUERY_OPTION = 'query';

/** Discord's limits on autocomplete answers. */
const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

/**
 * The command definitions to bulk-overwrite. Permissions are checked at run time (lookups are open to
 * everyone; watchlist changes need the configured permission), so no `default_member_permissions`.
 */
export function buildCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      name: COMMAND_NAME,
      type: ApplicationCommandType.ChatInput,
      description: 'Look up and watch US actions against Chinese apps and companies',
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: QUERY_OPTION,
          description: DISCORD_OPTION_HINT,
          required: true,
          autocomplete: true,
          max_length: 500,
        },
      ],
    },
  ];
}

/** What `registerDiscordCommands` needs; the same values as DISCORD_TOKEN, _APPLICATION_ID, _GUILD_ID, _API_URL. */
export interface RegisterCommandsOptions {
  token: string;
  applicationId: string;
  /** Register in this server only (instant); without it, globally. */
  guildId?: string;
  /** REST base such as `http://127.0.0.1:PORT/api`. @default https://discord.com/api */
  apiUrl?: string;
}

/** The minimal REST surface registration needs (discord.js `REST` or `client.rest`). */
export interface CommandRest {
  put(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
}

/** Bulk-overwrites the bot's commands through `rest`: guild commands when `guildId` is set, else global. */
export async function putCommands(rest: CommandRest, applicationId: string, guildId?: string): Promise<APIApplicationCommand[]> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  return (await rest.put(route, { body: buildCommands() })) as APIApplicationCommand[];
}

/**
 * Registers `/sanctions` with Discord (what `npm run discord:register` runs). Guild commands appear at
 * once; global ones can take up to an hour to reach every client.
 * @throws DiscordAPIError when Discord refuses (401 bad token; 403/50001 when the bot was invited
 * without the `applications.commands` scope)
 */
export async function registerDiscordCommands(options: RegisterCommandsOptions): Promise<APIApplicationCommand[]> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  return putCommands(rest, options.applicationId, options.guildId);
}

/**
 * Makes suggestions acceptable to Discord: at most 25, names and values 1–100 characters (long names
 * are shortened; a too-long value cannot be, so that suggestion is dropped), no duplicate values.
 */
export function toAutocompleteChoices(suggestions: Array<{ name: string; value: string }>): APIApplicationCommandOptionChoice<string>[] {
  const seen = new Set<string>();
  const choices: APIApplicationCommandOptionChoice<string>[] = [];
  for (const s of suggestions) {
    const value = s.value.trim();
    if (!value || value.length > MAX_CHOICE_LENGTH || seen.has(value)) continue;
    const raw = s.name.trim() || value;
    const name = raw.length > MAX_CHOICE_LENGTH ? `${raw.slice(0, MAX_CHOICE_LENGTH - 1)}…` : raw;
    seen.add(value);
    choices.push({ name, value });
    if (choices.length === MAX_CHOICES) break;
  }
  return choices;
}
