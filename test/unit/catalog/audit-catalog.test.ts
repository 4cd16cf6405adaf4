import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { auditCatalog, isOfficialUsSource } from '../../../src/catalog/audit-catalog.ts';
import { parseCatalogData, type CatalogData } from '../../../src/catalog/parse-catalog-data.ts';
import { runCheckCatalog } from '../../../src/catalog/run-check-catalog.ts';

const catalogPath = fileURLToPath(new URL('../../../data/entities.json', import.meta.url));
const shipped = (): CatalogData => parseCatalogData(JSON.parse(readFileSync(catalogPath, 'utf8')), catalogPath);
const TODAY = '2026-12-07';
const dir = mkdtempSync(join(tmpdir(), 'check-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errors = (data: CatalogData, today = TODAY) => auditCatalog(data, today).filter((f) => f.level === 'error');
const entry = (data: CatalogData, id: string, date: string) => {
  const found = data.entities.find((e) => e.id === id)?.timeline.find((t) => t.date === date);
  if (!found) throw new Error(`no ${id} entry on ${date}`);
  return found;
};

describe('check-catalog on the shipped catalog', () => {
  it('finds no error: every official US action has an official source and a well-formed citation', () => {
    expect(errors(shipped())).toEqual([]);
  });

  it('lists as warnings only the entries that say what could not be confirmed', () => {
    const warnings = auditCatalog(shipped(), TODAY).filter((f) => f.level === 'warning');
    expect(warnings.map((w) => `${w.entityId} ${w.field}`)).toEqual(['dji timeline[4] (2025-09-26).citations', 'zte timeline[1] (2016-03-24).citations']);
  });

  it('knows the official hosts, subdomains included, and nothing else', () => {
    expect(isOfficialUsSource('https://www.federalregister.gov/d/2021-00305')).toBe(true);
    expect(isOfficialUsSource('https://docs.fcc.gov/public/attachments/FCC-22-84A1.txt')).toBe(true);
    expect(isOfficialUsSource('https://home.treasury.gov/news/press-releases/jy0538')).toBe(true);
    expect(isOfficialUsSource('https://eo.governmentreporter.ai/orders/2021-00305')).toBe(false);
    expect(isOfficialUsSource('https://federalregister.gov.example.com/d/1')).toBe(false);
  });
});

describe('check-catalog on broken entries', () => {
  it('names the entry and field of an official US action sourced from an aggregator', () => {
    const data = shipped();
    entry(data, 'alipay', '2021-01-05').source = 'https://eo.governmentreporter.ai/orders/2021-00305';
    expect(errors(data)).toEqual([
      expect.objectContaining({ entityId: 'alipay', field: 'timeline[0] (2021-01-05).source', message: expect.stringContaining('not an official US government page') }),
    ]);
  });

  it('refuses a citation in the wrong format and an official US action without any citation', () => {
    const data = shipped();
    entry(data, 'tiktok', '2025-09-25').citations = { eo: 'Executive Order 14352', fr: '90 FR p. 47219' };
    const scotus = entry(data, 'tiktok', '2025-01-17');
    delete scotus.citations;
    const found = errors(data).map((f) => `${f.entityId} ${f.field}: ${f.message}`);
    expect(found).toEqual([
      'tiktok timeline[12] (2025-01-17).citations: an official US action needs a citation (EO number, FR citation or document number, docket, public law, FCC number, statute section)',
      'tiktok timeline[17] (2025-09-25).citations.eo: "Executive Order 14352" is not written like "EO 13971"',
      'tiktok timeline[17] (2025-09-25).citations.fr: "90 FR p. 47219" is not written like "86 FR 1249"',
    ]);
  });

  it('refuses a date after today, a staging address and a missing status', () => {
    const data = shipped();
    entry(data, 'zte', '2022-11-25').date = '2027-01-01';
    entry(data, 'ucweb', '2021-03-16').source = 'https://techstartups.com/staging/2021/03/16/x';
    delete data.entities.find((e) => e.id === 'smic')!.status;
    const found = errors(data).map((f) => `${f.entityId} ${f.field}`);
    expect(found).toEqual(expect.arrayContaining(['zte timeline[7] (2027-01-01).date', 'ucweb timeline[2] (2021-03-16).source', 'smic status']));
  });

  it('refuses a name two entities share, and a strong Chinese name inside a word the catalog lists as a false friend', () => {
    const data = shipped();
    data.entities.find((e) => e.id === 'huawei')!.aliases.push('中兴通讯');
    data.entities.find((e) => e.id === 'bytedance')!.aliases.push('字节');
    const found = errors(data).map((f) => `${f.entityId} ${f.field}: ${f.message}`);
    expect(found).toEqual([
      'bytedance aliases: "字节" is part of "千字节", a word the catalog lists as a false friend: make it a weak alias',
      'bytedance weakAliases: "字节" is listed twice (also in aliases)',
      'zte aliases: "中兴通讯" is also a name of "huawei" (aliases)',
    ]);
  });
});

describe('npm run check-catalog', () => {
  it('prints each problem with the entity id and field and exits 1 on a broken file; exits 0 on the shipped one', () => {
    const raw = JSON.parse(readFileSync(catalogPath, 'utf8')) as { entities: Array<{ id: string; timeline: Array<{ source: string }> }> };
    raw.entities.find((e) => e.id === 'cnooc')!.timeline[1]!.source = 'https://airfreight.news/articles/full/commerce-adds-cnooc';
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify(raw));
    const lines: string[] = [];
    expect(runCheckCatalog(broken, { today: TODAY, write: (l) => lines.push(l) })).toBe(1);
    expect(lines).toContain(
      'error cnooc timeline[1] (2021-01-14).source: https://airfreight.news/articles/full/commerce-adds-cnooc is not an official US government page (federalregister.gov, govinfo.gov, whitehouse.gov, bis.gov, bis.doc.gov, treasury.gov, fcc.gov, defense.gov, congress.gov, supremecourt.gov, uscourts.gov); put other pages under "see"',
    );
    expect(lines.at(-1)).toMatch(/1 errors, 2 warnings$/);

    // The script itself, as npm runs it: exit status is what fails `npm test`.
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const script = fileURLToPath(new URL('../../../src/catalog/run-check-catalog.ts', import.meta.url));
    const failed = spawnSync(tsx, [script, broken], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('error cnooc timeline[1] (2021-01-14).source');
    const passed = spawnSync(tsx, [script, catalogPath], { encoding: 'utf8' });
    expect(passed.stdout).toMatch(/23 entities, \d+ timeline entries; 0 errors/);
    expect(passed.status).toBe(0);
  });

  it('reports a file that is not a valid catalog instead of throwing', () => {
    const lines: string[] = [];
    expect(runCheckCatalog(join(dir, 'missing.json'), { today: TODAY, write: (l) => lines.push(l) })).toBe(1);
    expect(lines[0]).toMatch(/^error .*missing\.json/);
  });
});
