// One realistic alert per category (and a digest), for the alert previews in docs/. Headlines and
// outlets are made up; the official actions are the ones in data/entities.json.
import type { Alert, Category, Mention, Severity } from '../../src/model.ts';
import { buildDigestAlert, buildDigestStory } from '../fixtures/build-digest.ts';

interface Sample {
  category: Category;
  severity: Severity;
  title: string;
  summary: string;
  entities: Array<{ id: string; name: string }>;
  source: string;
  publishedAt: string;
  citation?: string;
  official?: boolean;
}

const SAMPLES: Sample[] = [
  {
    category: 'executive-order',
    severity: 'high',
    title: 'Executive Order 13971: Addressing the Threat Posed by Applications and Other Software Developed by Chinese Companies',
    summary: 'The order directs the Commerce Secretary to prohibit, within 45 days, transactions with persons that develop or control Alipay, CamScanner, QQ Wallet, SHAREit, Tencent QQ, VMate, WeChat Pay and WPS Office.',
    entities: [
      { id: 'alipay', name: 'Alipay' },
      { id: 'wechat-pay', name: 'WeChat Pay' },
      { id: 'camscanner', name: 'CamScanner' },
    ],
    source: 'Federal Register: Presidential Documents',
    publishedAt: '2021-01-08T14:00:00Z',
    citation: '86 FR 1249',
    official: true,
  },
  {
    category: 'ban',
    severity: 'high',
    title: 'Commerce identifies prohibited transactions with TikTok, bars new app store downloads',
    summary: 'From 20 September, app stores may no longer offer TikTok or its updates to users in the United States, the Commerce Department said.',
    entities: [{ id: 'tiktok', name: 'TikTok' }],
    source: 'Trade Desk',
    publishedAt: '2020-09-18T12:30:00Z',
  },
  {
    category: 'sanctions',
    severity: 'medium',
    title: 'Senators urge Treasury to put DJI on the SDN sanctions list',
    summary: 'Six senators asked OFAC to block the drone maker’s US assets, citing its role in surveillance in Xinjiang.',
    entities: [{ id: 'dji', name: 'DJI' }],
    source: 'Capitol Wire',
    publishedAt: '2021-12-09T15:00:00Z',
  },
  {
    category: 'export-control',
    severity: 'high',
    title: 'BIS adds SMIC to the Entity List over military end-use concerns',
    summary: 'Exports of items for advanced chip production to Semiconductor Manufacturing International Corporation now need a licence, presumed denied for 10 nm and below.',
    entities: [{ id: 'smic', name: 'SMIC' }],
    source: 'Federal Register: BIS',
    publishedAt: '2020-12-22T14:00:00Z',
    citation: '85 FR 83416',
    official: true,
  },
  {
    category: 'investment-restriction',
    severity: 'high',
    title: 'Treasury adds DJI to the Non-SDN Chinese Military-Industrial Complex Companies List',
    summary: 'OFAC listed SZ DJI Technology, barring US persons from buying or selling its publicly traded securities.',
    entities: [{ id: 'dji', name: 'DJI' }],
    source: 'Treasury OFAC recent actions',
    publishedAt: '2021-12-16T15:00:00Z',
    official: true,
  },
  {
    category: 'legislation',
    severity: 'medium',
    title: 'House passes bill forcing ByteDance to sell TikTok or face a US ban',
    summary: 'The bill gives ByteDance about six months to divest TikTok; the Senate has not yet voted on it.',
    entities: [
      { id: 'tiktok', name: 'TikTok' },
      { id: 'bytedance', name: 'ByteDance' },
    ],
    source: 'Capitol Wire',
    publishedAt: '2024-03-13T17:45:00Z',
  },
  {
    category: 'litigation',
    severity: 'high',
    title: 'Judge blocks WeChat download ban hours before it takes effect',
    summary: 'A federal judge in San Francisco granted a preliminary injunction against the Commerce order that would have removed WeChat from US app stores.',
    entities: [{ id: 'wechat', name: 'WeChat' }],
    source: 'Courtroom News',
    publishedAt: '2020-09-20T04:15:00Z',
  },
  {
    category: 'revocation',
    severity: 'high',
    title: 'Executive Order 14034 revokes the orders against TikTok, WeChat and eight Chinese apps',
    summary: 'The order revokes EO 13942, EO 13943 and EO 13971 and asks Commerce for a review of the risks of apps tied to foreign adversaries.',
    entities: [
      { id: 'tiktok', name: 'TikTok' },
      { id: 'wechat', name: 'WeChat' },
      { id: 'alipay', name: 'Alipay' },
    ],
    source: 'Federal Register: Presidential Documents',
    publishedAt: '2021-06-11T14:00:00Z',
    citation: 'EO 14034',
    official: true,
  },
  {
    category: 'investigation',
    severity: 'medium',
    title: 'House committee opens inquiry into Alipay data practices',
    summary: 'The committee asked Ant Group how Alipay stores and shares the payment data of American users, with answers due in 30 days.',
    entities: [{ id: 'alipay', name: 'Alipay' }],
    source: 'Capitol Wire',
    publishedAt: '2026-03-28T06:30:00Z',
  },
  {
    category: 'corporate',
    severity: 'low',
    title: 'Tencent reports quarterly revenue growth as WeChat Pay volumes rise',
    summary: 'Tencent said payment volumes on WeChat Pay grew in the quarter; the company did not comment on US restrictions.',
    entities: [
      { id: 'tencent', name: 'Tencent' },
      { id: 'wechat-pay', name: 'WeChat Pay' },
    ],
    source: 'Asia Markets',
    publishedAt: '2026-03-19T09:00:00Z',
  },
  {
    category: 'other',
    severity: 'low',
    title: 'SHAREit adds offline file transfer between phones and laptops',
    summary: 'The update lets users send files without a network connection, the company said.',
    entities: [{ id: 'shareit', name: 'SHAREit' }],
    source: 'Gadget Daily',
    publishedAt: '2026-03-25T11:20:00Z',
  },
];

/** The sample alerts, one per category, in the order of CATEGORIES. */
export function sampleAlerts(): Alert[] {
  return SAMPLES.map((s, i) => ({
    id: `al_preview_${i}`,
    kind: 'new',
    storyId: `st_preview_${i}`,
    title: s.title,
    link: `https://news.example/${s.category}`,
    source: s.source,
    publishedAt: s.publishedAt,
    summary: s.summary,
    entities: s.entities,
    category: s.category,
    severity: s.severity,
    matches: s.entities.map((e): Mention => ({ entityId: e.id, matched: e.name, field: 'title', weak: false })),
    ...(s.citation ? { citation: s.citation } : {}),
    official: s.official ?? false,
    previousAttempts: 0,
  }));
}

/** A digest of three held stories. */
export function sampleDigest(): Alert {
  return buildDigestAlert([
    buildDigestStory(),
    buildDigestStory({ storyId: 'st_2', title: 'Senators question Alipay over data handling in letter', category: 'corporate', severity: 'low', items: 2, sources: ['Capitol Wire', 'Trade Desk'], latestAt: '2026-03-27T11:00:00Z', link: 'https://news.example/letter' }),
    buildDigestStory({ storyId: 'st_3', title: 'Tencent reports quarterly revenue growth as WeChat Pay volumes rise', category: 'corporate', severity: 'low', entities: ['Tencent', 'WeChat Pay'], items: 1, sources: ['Asia Markets'], latestAt: '2026-03-27T09:00:00Z', link: 'https://news.example/tencent' }),
  ]);
}
