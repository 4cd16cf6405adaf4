// The Discord side of the bot: a discord.js gateway client that answers `/sanctions` and posts alerts
// over REST. It owns Discord's timing (defer within 3 s, then edit), its escaping and its errors; the
// core only sees CommandInput/Reply and DeliveryResult.
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, MessageFlags, Routes } from 'discord.js';
import type {
  APIMessage,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  GatewayGuildDeleteDispatchData,
  Interaction,
} from 'discord.js';
import type { Logger } from '../../src/log.ts';
import type { Alert, ChannelRef, CommandInput, DeliveryResult, Reply } from '../../src/model.ts';
import { CodedError } from '../../src/errors.ts';
import { answerCommand as answerOrApologize, type ChatAdapter, type CommandHandler, type CompleteHandler, type InboundHandlers, type PostedCheck } from '../../src/platform.ts';
import { alertNonce } from './alert-nonce.ts';
import { classifyDiscordError, isInvalidTokenError } from './classify-error.ts';
import { COMMAND_NAME, QUERY_OPTION, putCommands, toAutocompleteChoices } from './commands.ts';
import { renderAlert, renderReply } from './render.ts';
import { expectedVisibility, toCommandInput } from './to-command-input.ts';
import type { ManagePermission } from './to-command-input.ts';

export { registerDiscordCommands } from './commands.ts';

/** How many of a channel's latest messages are searched for an alert a crash may have posted. */
const HISTORY_LIMIT = 50;
export type { RegisterCommandsOptions } from './commands.ts';

export interface DiscordAdapterOptions {
  /** Bot token (DISCORD_TOKEN). */
  token: string;
  /** Application id (DISCORD_APPLICATION_ID), used to register commands. */
  applicationId: string;
  /** Register commands in this server only (instant); without it, globally. */
  guildId?: string;
  /** REST base (DISCORD_API_URL) such as `http://127.0.0.1:PORT/api`. @default https://discord.com/api */
  apiUrl?: string;
  /** Permission a member needs to change a channel's watchlist (DISCORD_MANAGE_PERMISSION). */
  managePermission: ManagePermission;
  log: Logger;
  /** Bulk-overwrite the `/sanctions` command when started. @default true */
  registerCommands?: boolean;
  /**
   * Guesses a command's reply visibility before the core answers (the deferral shows it already).
   * @default expectedVisibility: permitted watchlist changes public, everything else private
   */
  predictVisibility?: (input: CommandInput) => Reply['visibility'];
}

/** The Discord ChatAdapter, with its discord.js client exposed for diagnostics and tests. */
export interface DiscordAdapter extends ChatAdapter {
  readonly platform: 'discord';
  readonly client: Client;
}

/** Raised by `start()` when Discord refuses the bot; the message says what to fix. */
export class DiscordStartError extends CodedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('platform/discord', message, options);
  }
}

// Digits only: safe inside `<@&…>` and a URL path; real snowflakes have 17–20.
const SNOWFLAKE = /^\d{5,25}$/;

/**
 * Creates the Discord adapter. Only the Guilds intent is used (guild and channel cache, to know when
 * the bot is removed from a server); mentions are off client-wide (`allowed_mentions: {parse: []}`),
 * and alerts opt in to a single configured role at most.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { log, managePermission } = options;
  const predictVisibility = options.predictVisibility ?? expectedVisibility;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: options.apiUrl ? { api: options.apiUrl } : {},
    allowedMentions: { parse: [] },
  });
  let onCommand: CommandHandler | undefined;
  let complete: CompleteHandler | undefined;
  let started = false;
  // Servers that removed the bot: posting there can only fail, and each failure counts towards
  // Discord's invalid-request limit (10,000 per 10 minutes, then a Cloudflare ban).
  const removedGuilds = new Set<string>();
  const removedChannels = new Set<string>();

  // The raw dispatch arrives before discord.js handles it, while the guild's channels are still cached
  // (its GuildDelete handler empties them before emitting guildDelete).
  client.ws.on(GatewayDispatchEvents.GuildDelete, (data: GatewayGuildDeleteDispatchData) => {
    if (data.unavailable) return; // an outage, not a removal
    removedGuilds.add(data.id);
    for (const id of client.guilds.cache.get(data.id)?.channels.cache.keys() ?? []) removedChannels.add(id);
    log.warn(`discord: removed from server ${data.id}; its channels get no more alerts`);
  });
  client.on(Events.GuildCreate, (guild) => {
    if (!removedGuilds.delete(guild.id)) return;
    for (const id of guild.channels.cache.keys()) removedChannels.delete(id);
    log.info(`discord: added back to server ${guild.id}`);
  });
  client.on(Events.Error, (err) => log.error(`discord: client error: ${err.message}`));
  client.on(Events.ShardReconnecting, () => log.warn('discord: gateway connection lost; reconnecting'));
  // discord.js emits shardDisconnect only when it will not reconnect by itself.
  client.on(Events.ShardDisconnect, (event) => log.error(`discord: gateway closed for good (code ${event.code}); restart the bot`));
  client.on(Events.ShardResume, () => log.info('discord: gateway session resumed'));
  client.rest.on('rateLimited', (info) => log.debug(`discord: rate limited on ${info.route}, waiting ${info.retryAfter} ms`));
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction));

  /** Why an alert cannot go to this channel now, if it cannot: checked before a lookup or a post. */
  function unusableChannel(channel: ChannelRef): Exclude<DeliveryResult, { kind: 'delivered' }> | undefined {
    if (channel.platform !== 'discord' || !SNOWFLAKE.test(channel.id)) {
      return { kind: 'channel-failed', reason: `not a Discord channel: ${channel.platform} ${channel.id}` };
    }
    if ((channel.workspace && removedGuilds.has(channel.workspace)) || removedChannels.has(channel.id)) {
      return { kind: 'channel-failed', reason: 'the bot was removed from this server; re-invite it, then watch again' };
    }
    if (!started) return { kind: 'retry', reason: 'discord adapter not connected yet' };
    return undefined;
  }

  // One catch per adapter event: a failed interaction never takes the client down.
  /**
   * On a retry: an earlier post of this alert in the channel, if the last try reached Discord after
   * all (a crash between post and record). Discord returns no nonces when listing messages, so the
   * post is known by its author (this bot) and its embed (the same alert renders the same one).
   */
  async function findEarlierPost(channelId: string, rendered: ReturnType<typeof renderAlert>): Promise<string | undefined> {
    const recent = (await client.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: String(HISTORY_LIMIT) }) })) as APIMessage[];
    const wanted = rendered.embeds?.[0];
    if (!wanted) return undefined;
    const same = (m: APIMessage) => {
      const embed = m.embeds[0];
      return !!embed && embed.title === wanted.title && embed.url === wanted.url && embed.description === wanted.description;
    };
    return recent.find((m) => m.author.id === client.user?.id && same(m))?.id;
  }

  async function handleInteraction(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await answerAutocomplete(interaction);
      else if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAME) await answerCommand(interaction);
    } catch (err) {
      log.error(`discord: interaction ${interaction.id} failed: ${describe(err)}`);
    }
  }

  async function answerAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    let suggestions: Array<{ name: string; value: string }> = [];
    try {
      suggestions = complete?.(String(interaction.options.getFocused())) ?? [];
    } catch (err) {
      log.warn(`discord: autocomplete failed: ${describe(err)}`);
    }
    await interaction.respond(toAutocompleteChoices(suggestions));
  }

  async function answerCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const input = toCommandInput(
      {
        guildId: interaction.guildId,
        channelId: interaction.channelId,
        user: { id: interaction.user.id, username: interaction.user.username, globalName: interaction.user.globalName },
        memberPermissions: interaction.memberPermissions,
        query: interaction.options.getString(QUERY_OPTION, true),
        roles: interaction.guild ? [...interaction.guild.roles.cache.values()].map((r) => ({ id: r.id, name: r.name })) : [],
      },
      { managePermission },
    );
    log.debug(`discord: /${COMMAND_NAME} ${input.text} (user ${input.user.id}, channel ${input.channel.id})`);
    // Defer at once: Discord drops interactions not acknowledged within 3 s, and the core may be slow.
    const deferredEphemeral = predictVisibility(input) === 'ephemeral';
    await interaction.deferReply(deferredEphemeral ? { flags: MessageFlags.Ephemeral } : {});

    const reply = await answerOrApologize(onCommand, input, (err) => log.error(`discord: /${COMMAND_NAME} ${input.text} failed: ${describe(err)}`));
    const { embeds, followUps, ephemeral } = renderReply(reply);
    const followUp = (page: typeof embeds) => interaction.followUp(ephemeral ? { embeds: page, flags: MessageFlags.Ephemeral } : { embeds: page });
    if (ephemeral === deferredEphemeral) {
      await interaction.editReply({ embeds });
    } else {
      // A deferral's visibility cannot change: replace it with a follow-up of the right kind.
      await interaction.deleteReply();
      await followUp(embeds);
    }
    // A reply longer than one message continues in follow-ups of the same visibility.
    for (const page of followUps) await followUp(page);
  }

  return {
    platform: 'discord',
    client,

    async start(handler: CommandHandler, inbound?: InboundHandlers): Promise<void> {
      if (started) throw new DiscordStartError('discord adapter already started');
      onCommand = handler;
      complete = inbound?.complete;
      // clientReady can fire before login() resolves, so listen first.
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(options.token);
      } catch (err) {
        throw new DiscordStartError(
          isInvalidTokenError(err) || (err instanceof Error && err.name.includes('TokenInvalid'))
            ? 'Discord rejected DISCORD_TOKEN (401): copy the bot token again from the Developer Portal (Bot → Reset Token)'
            : `Could not connect to Discord: ${describe(err)}; check DISCORD_API_URL and the network`,
          { cause: err },
        );
      }
      await ready;
      started = true;
      log.info(`discord: connected as ${client.user?.tag ?? 'bot'} to ${client.guilds.cache.size} server(s)`);
      if (options.registerCommands ?? true) {
        try {
          const commands = await putCommands(client.rest, options.applicationId, options.guildId);
          log.info(`discord: registered ${commands.length} command(s) ${options.guildId ? `in server ${options.guildId}` : 'globally'}`);
        } catch (err) {
          // Alerts still work with stale commands, so this is loud but not fatal.
          log.error(
            `discord: command registration failed (${describe(err)}); invite the bot with the applications.commands scope ` +
              'and check DISCORD_APPLICATION_ID, or run `npm run discord:register`',
          );
        }
      }
    },

    async stop(): Promise<void> {
      started = false;
      await client.destroy();
    },

    async findPosted(channel: ChannelRef, alert: Alert): Promise<PostedCheck> {
      const unusable = unusableChannel(channel);
      if (unusable) return unusable;
      try {
        const earlier = await findEarlierPost(channel.id, renderAlert(alert));
        if (!earlier) return { kind: 'not-found' };
        log.info(`discord: alert ${alert.id} was already in channel ${channel.id} (message ${earlier}); not posting again`);
        return { kind: 'posted', messageRef: earlier };
      } catch (err) {
        const result = classifyDiscordError(err);
        // A transient failure: try the whole send later. Otherwise (e.g. no Read Message
        // History permission) the post decides; the nonce still covers a recent try.
        if (result.kind === 'retry') return result;
        log.warn(`discord: could not check channel ${channel.id} for an earlier post of alert ${alert.id}: ${describe(err)}`);
        return { kind: 'not-found' };
      }
    },

    async send(channel: ChannelRef, alert: Alert): Promise<DeliveryResult> {
      const unusable = unusableChannel(channel);
      if (unusable) return unusable;
      try {
        const rendered = renderAlert(alert);
        const body = { ...rendered, nonce: alertNonce(alert.id, channel.id), enforce_nonce: true };
        const message = (await client.rest.post(Routes.channelMessages(channel.id), { body })) as APIMessage;
        return { kind: 'delivered', messageRef: message.id };
      } catch (err) {
        const result = classifyDiscordError(err);
        if (isInvalidTokenError(err)) log.error(`discord: ${result.kind === 'channel-failed' ? result.reason : 'invalid token'}`);
        else log.warn(`discord: alert ${alert.id} to channel ${channel.id}: ${result.kind} (${'reason' in result ? result.reason : ''})`);
        return result;
      }
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
