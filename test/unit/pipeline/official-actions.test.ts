import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredFeeds } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import type { Entity } from '../../../src/model.ts';
import { learnedActionLines } from '../../../src/pipeline/official-actions.ts';
import type { LearnedAction } from '../../../src/ports/storage.ts';

const dji: Entity = {
  id: 'dji',
  name: 'DJI',
  kind: 'company',
  aliases: ['SZ DJI'],
  weakAliases: [],
  timeline: [
    {
      date: '2020-12-18',
      action: 'BIS added SZ DJI Technology to the Entity List.',
      jurisdiction: 'US',
      kind: 'export-control',
      official: true,
      citations: { fr: '85 FR 83416', frDoc: '2020-28031' },
      source: 'https://example.org',
    },
  ],
};
const action = (over: Partial<LearnedAction>): LearnedAction => ({
  entityId: 'dji',
  itemKey: 'k',
  feedUrl: 'f',
  date: '2020-12-22',
  action: 'Added to the Entity List (BIS) — DJI — 85 FR 83416, effective 2020-12-22',
  citation: '85 FR 83416',
  source: 'Consolidated Screening List',
  removal: false,
  createdAt: 0,
  ...over,
});

describe('learnedActionLines', () => {
  it('leaves out what the catalog already records, and keeps a removal of it', () => {
    expect(learnedActionLines(dji, [action({})])).toEqual([]);
    expect(learnedActionLines(dji, [action({ action: 'Removed from the Entity List (BIS) — DJI', removal: true, date: '2027-03-01' })])).toEqual([
      '2027-03-01: Removed from the Entity List (BIS) — DJI (85 FR 83416) — from Consolidated Screening List, unreviewed',
    ]);
  });

  it('shows a public-inspection document until its publication is recorded', () => {
    const pi = action({ itemKey: 'pi', action: 'On public inspection, to be published 2027-01-16: Additions to the Entity List', citation: 'FR Doc 2027-01150', source: 'Federal Register public inspection' });
    expect(learnedActionLines(dji, [pi])).toHaveLength(1);
    const published = action({ itemKey: 'fr', action: 'Rule (Industry and Security Bureau): Additions to the Entity List', citation: '92 FR 3902 (FR Doc 2027-01150)', source: 'Federal Register', link: 'https://www.federalregister.gov/d/2027-01150' });
    expect(learnedActionLines(dji, [pi, published])).toEqual([
      '2020-12-22: Rule (Industry and Security Bureau): Additions to the Entity List (92 FR 3902 (FR Doc 2027-01150)) — from Federal Register, unreviewed https://www.federalregister.gov/d/2027-01150',
    ]);
  });
});

describe('configuredFeeds', () => {
  it('reads each feed\'s kind and refuses an unknown one, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-feeds-'));
    try {
      const file = join(dir, 'feeds.json');
      writeFileSync(file, JSON.stringify({ feeds: [{ url: 'http://127.0.0.1/list.json', kind: 'csl' }, { url: 'https://example.org/rss' }] }));
      expect(configuredFeeds(loadConfig({ FEEDS_FILE: file }))).toEqual([{ url: 'http://127.0.0.1/list.json', kind: 'csl' }, { url: 'https://example.org/rss' }]);
      writeFileSync(file, JSON.stringify({ feeds: [{ url: 'http://127.0.0.1/list.json', kind: 'sdn' }] }));
      expect(() => configuredFeeds(loadConfig({ FEEDS_FILE: file }))).toThrow(
        `FEEDS_FILE ${file}: "kind" must be one of rss, federal-register, public-inspection, csl (or left out for rss), got "sdn" for http://127.0.0.1/list.json`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
