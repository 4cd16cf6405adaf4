// Renders one alert per category (and a digest) with the real Slack and Discord renderers into a
// static HTML mock of each platform's layout, and screenshots it with headless Chromium:
//   npx tsx test/previews/render-alert-previews.ts [out-dir]   (default docs/alert-previews)
// Needs a Chromium binary (CHROMIUM, or `chromium`/`chromium-browser` on PATH; Debian: apt-get
// install chromium). Nothing is fetched: the pages have no external resources.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderAlert as renderDiscord } from '../../adapters/discord/render.ts';
import { renderAlert as renderSlack } from '../../adapters/slack/render.ts';
import { CATEGORY_LABELS, type Alert } from '../../src/model.ts';
import { discordMessage, page, slackMessage } from './mock-html.ts';
import { sampleAlerts, sampleDigest } from './sample-alerts.ts';

const outDir = resolve(process.argv[2] ?? 'docs/alert-previews');

function findChromium(): string {
  const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter((c): c is string => Boolean(c));
  for (const c of candidates) {
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' });
      return c;
    } catch {
      // try the next name
    }
  }
  throw new Error(`No Chromium found (tried ${candidates.join(', ')}): install it (Debian: apt-get install chromium) or set CHROMIUM`);
}

function screenshot(chromium: string, html: string, png: string, height: number): void {
  const work = mkdtempSync(join(tmpdir(), 'alert-previews-'));
  try {
    const file = join(work, 'page.html');
    writeFileSync(file, html);
    execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--hide-scrollbars',
        `--user-data-dir=${join(work, 'profile')}`,
        `--screenshot=${png}`,
        `--window-size=1344,${height}`,
        `file://${file}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const caption = (a: Alert) => (a.kind === 'digest' ? 'Digest (daily, held lower-severity alerts)' : `${CATEGORY_LABELS[a.category]} · ${a.severity}`);
const time = (a: Alert) => (a.kind === 'digest' ? '09:00' : new Date(a.publishedAt ?? 0).toISOString().slice(11, 16));

const chromium = findChromium();
mkdirSync(outDir, { recursive: true });
const alerts = [...sampleAlerts(), sampleDigest()];
// The high-severity executive order shows the configured mention, as a channel that asked sees it.
const withMention = (a: Alert, id: string) => (a.category === 'executive-order' && a.kind === 'new' ? { ...a, mentionRoleId: id } : a);
const pages = {
  slack: page('slack', alerts.map((a) => ({ caption: caption(a), html: slackMessage(renderSlack(withMention(a, 'S0COMPLY')), time(a)) }))),
  discord: page('discord', alerts.map((a) => ({ caption: caption(a), html: discordMessage(renderDiscord(withMention(a, '400000000000000077')), time(a)) }))),
};
for (const [platform, html] of Object.entries(pages)) {
  const png = join(outDir, `${platform}-alerts.png`);
  // Tall enough for six rows of two messages; the page background fills the rest.
  screenshot(chromium, html, png, platform === 'slack' ? 1900 : 2150);
  console.log(`wrote ${png}`);
}
