// Static HTML mocks of how Slack and Discord lay out what our renderers produce: Block Kit blocks
// (header, section, context, rich_text) and Discord embeds (colour bar, title link, description,
// inline fields, footer, timestamp). Close enough to judge readability, not a pixel copy.
import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { RenderedMessage } from '../../adapters/slack/render.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// ── Slack ──

/** Slack mrkdwn → HTML: `*bold*`, `<url|text>`, `<!subteam^ID>`, and the &amp; escapes Slack decodes. */
function slackMrkdwn(text: string): string {
  return text
    .replace(/<!subteam\^[A-Z0-9]+>/g, '<span class="s-mention">@compliance</span>')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) => `<a href="${url}">${label}</a>`)
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/\n/g, '<br>');
}

interface RichElement {
  type: string;
  text?: string;
  url?: string;
  style?: { bold?: boolean; code?: boolean };
  elements?: RichElement[];
}

function richText(elements: RichElement[]): string {
  return elements
    .flatMap((section) => section.elements ?? [])
    .map((e) => {
      let html = esc(e.text ?? '').replace(/\n/g, '<br>');
      if (e.style?.code) html = `<code>${html}</code>`;
      if (e.style?.bold) html = `<b>${html}</b>`;
      return e.type === 'link' ? `<a href="${esc(e.url ?? '')}">${html}</a>` : html;
    })
    .join('');
}

type Block = { type: string; text?: { type: string; text: string }; elements?: Array<RichElement & { type: string; text?: string }> };

function slackBlock(block: Block): string {
  const text = (t: { type: string; text: string } | undefined) => (t ? (t.type === 'mrkdwn' ? slackMrkdwn(t.text) : esc(t.text).replace(/\n/g, '<br>')) : '');
  switch (block.type) {
    case 'header':
      return `<div class="s-header">${text(block.text)}</div>`;
    case 'section':
      return `<div class="s-section">${text(block.text)}</div>`;
    case 'context':
      return `<div class="s-context">${(block.elements ?? []).map((e) => text(e as { type: string; text: string })).join(' ')}</div>`;
    case 'rich_text':
      return `<div class="s-rich">${richText(block.elements ?? [])}</div>`;
    default:
      return `<div class="s-section">[${esc(block.type)}]</div>`;
  }
}

/** One Slack message from the bot, as a channel shows it. */
export function slackMessage(message: RenderedMessage, time: string): string {
  return `<div class="s-msg"><div class="s-avatar">SW</div><div class="s-body">
  <div class="s-meta"><b>sanctions-watch</b> <span class="s-app">APP</span> <span class="s-time">${esc(time)}</span></div>
  ${(message.blocks as unknown as Block[]).map(slackBlock).join('\n')}
  </div></div>`;
}

// ── Discord ──

/** Discord markdown → HTML: escapes, `**bold**`, `[text](url)`, `<t:unix:D>` and `<@&role>`. */
function discordMarkdown(text: string): string {
  const escapes: string[] = [];
  const html = esc(text.replace(/\\([\\*_~`|>#\-[\]()])/g, (_, c: string) => `\u0000${escapes.push(c) - 1}\u0000`))
    .replace(/&lt;t:(\d+):D&gt;/g, (_, s: string) => new Date(Number(s) * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }))
    .replace(/&lt;@&amp;\d+&gt;/g, '<span class="d-mention">@Compliance</span>')
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/\n/g, '<br>');
  return html.replace(/\u0000(\d+)\u0000/g, (_, i: string) => esc(escapes[Number(i)] ?? ''));
}

function discordEmbed(embed: APIEmbed): string {
  const colour = `#${(embed.color ?? 0x202225).toString(16).padStart(6, '0')}`;
  const author = embed.author ? `<div class="d-author">${esc(embed.author.name)}</div>` : '';
  const title = embed.title ? (embed.url ? `<a class="d-title" href="${esc(embed.url)}">${discordMarkdown(embed.title)}</a>` : `<div class="d-title">${discordMarkdown(embed.title)}</div>`) : '';
  const fields = (embed.fields ?? [])
    .map((f) => `<div class="d-field${f.inline ? ' d-inline' : ''}"><div class="d-fname">${discordMarkdown(f.name)}</div><div class="d-fvalue">${discordMarkdown(f.value)}</div></div>`)
    .join('');
  const when = embed.timestamp ? new Date(embed.timestamp).toLocaleDateString('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }) : '';
  const footer = embed.footer || when ? `<div class="d-footer">${esc(embed.footer?.text ?? '')}${embed.footer && when ? ' • ' : ''}${when}</div>` : '';
  return `<div class="d-embed" style="border-left-color:${colour}">${author}${title}${embed.description ? `<div class="d-desc">${discordMarkdown(embed.description)}</div>` : ''}${fields ? `<div class="d-fields">${fields}</div>` : ''}${footer}</div>`;
}

/** One Discord message from the bot, as a channel shows it (dark theme). */
export function discordMessage(body: RESTPostAPIChannelMessageJSONBody, time: string): string {
  return `<div class="d-msg"><div class="d-avatar">SW</div><div class="d-body">
  <div class="d-meta"><b>sanctions-watch</b> <span class="d-app">APP</span> <span class="d-time">${esc(time)}</span></div>
  ${body.content ? `<div class="d-content">${discordMarkdown(body.content)}</div>` : ''}
  ${(body.embeds ?? []).map(discordEmbed).join('')}
  </div></div>`;
}

const SLACK_CSS = `
body{margin:0;background:#fff;font:15px/1.47 "DejaVu Sans",Lato,Arial,sans-serif;color:#1d1c1d}
.grid{display:grid;grid-template-columns:repeat(2,640px);gap:0 24px;padding:12px 20px}
.cap{grid-column:1/-1;font:bold 13px "DejaVu Sans",sans-serif;color:#616061;margin:10px 0 0;border-top:1px solid #ddd;padding-top:8px}
.s-msg{display:flex;gap:8px;padding:8px 0}
.s-avatar{flex:0 0 36px;height:36px;border-radius:4px;background:#4a154b;color:#fff;font:bold 13px sans-serif;display:flex;align-items:center;justify-content:center}
.s-body{flex:1;min-width:0}
.s-meta{font-size:15px}.s-app{font-size:10px;background:#e8e8e8;color:#616061;padding:1px 3px;border-radius:2px;font-weight:bold}.s-time{color:#616061;font-size:12px}
.s-header{font-size:18px;font-weight:900;margin:4px 0 2px}
.s-section,.s-rich{margin:4px 0;white-space:pre-wrap;word-wrap:break-word}
.s-context{font-size:13px;color:#616061;margin:4px 0}
a{color:#1264a3;text-decoration:none}
code{font:12px monospace;background:#f6f6f6;border:1px solid #ddd;border-radius:3px;padding:0 2px;color:#e01e5a}
.s-mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}`;

const DISCORD_CSS = `
body{margin:0;background:#313338;font:16px/1.375 "DejaVu Sans","gg sans",Arial,sans-serif;color:#dbdee1}
.grid{display:grid;grid-template-columns:repeat(2,640px);gap:0 24px;padding:12px 20px}
.cap{grid-column:1/-1;font:bold 13px "DejaVu Sans",sans-serif;color:#949ba4;margin:10px 0 0;border-top:1px solid #3f4147;padding-top:8px}
.d-msg{display:flex;gap:14px;padding:8px 0}
.d-avatar{flex:0 0 40px;height:40px;border-radius:50%;background:#5865f2;color:#fff;font:bold 13px sans-serif;display:flex;align-items:center;justify-content:center}
.d-body{flex:1;min-width:0}
.d-meta b{color:#f2f3f5}.d-app{font-size:10px;background:#5865f2;color:#fff;padding:1px 4px;border-radius:3px;font-weight:bold}.d-time{color:#949ba4;font-size:12px}
.d-content{margin:2px 0}
.d-mention{background:rgba(88,101,242,.3);color:#c9cdfb;border-radius:3px;padding:0 2px}
.d-embed{background:#2b2d31;border-left:4px solid;border-radius:4px;padding:8px 16px 16px 12px;margin-top:4px;max-width:520px;font-size:14px}
.d-author{font-weight:600;font-size:14px;color:#f2f3f5;margin-top:8px}
.d-author+.d-title{margin-top:4px}
.d-title{display:block;font-weight:600;font-size:16px;color:#00a8fc;margin-top:8px;text-decoration:none}
div.d-title{color:#f2f3f5}
.d-desc{margin-top:8px;color:#dbdee1}
.d-desc a{color:#00a8fc;text-decoration:none}
.d-fields{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin-top:8px}
.d-field{grid-column:1/-1}.d-inline{grid-column:auto}
.d-fname{font-weight:600;color:#f2f3f5;font-size:14px}.d-fvalue{font-size:14px}
.d-footer{margin-top:8px;font-size:12px;color:#b5bac1}`;

/** A page of captioned messages in two columns. */
export function page(platform: 'slack' | 'discord', items: Array<{ caption: string; html: string }>): string {
  const css = platform === 'slack' ? SLACK_CSS : DISCORD_CSS;
  const cells = items.map((i) => `<div><div class="cap">${esc(i.caption)}</div>${i.html}</div>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div class="grid">${cells}</div></body></html>`;
}
