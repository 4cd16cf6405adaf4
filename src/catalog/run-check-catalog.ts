// `npm run check-catalog [file]`: validates the entity catalog the way the bot loads it, then
// audits its editorial rules, printing each problem with the entry's id and field. Exit 1 on any
// error, so `npm test` fails on a catalog an analyst could not cite.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { auditCatalog } from './audit-catalog.ts';
import { CatalogError } from './catalog-error.ts';
import { createCatalog } from './catalog.ts';
import { parseCatalogData } from './parse-catalog-data.ts';

export interface CheckCatalogOptions {
  /** YYYY-MM-DD; dates after it are errors. @default today (UTC) */
  today?: string;
  write?: (line: string) => void;
}

/** Checks one catalog file; returns the exit code (0 when there is no error, warnings allowed). */
export function runCheckCatalog(path: string, options: CheckCatalogOptions = {}): number {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  try {
    const data = parseCatalogData(JSON.parse(readFileSync(path, 'utf8')), path);
    createCatalog(data);
    const findings = auditCatalog(data, today);
    for (const f of findings) write(`${f.level} ${f.entityId} ${f.field}: ${f.message}`);
    const errors = findings.filter((f) => f.level === 'error').length;
    const timeline = data.entities.reduce((n, e) => n + e.timeline.length, 0);
    write(`${path}: ${data.entities.length} entities, ${timeline} timeline entries; ${errors} errors, ${findings.length - errors} warnings`);
    return errors > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof CatalogError) {
      for (const problem of error.problems) write(`error ${problem}`);
      write(`${path}: ${error.problems.length} errors`);
      return 1;
    }
    if (error instanceof SyntaxError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      write(`error ${path}: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = runCheckCatalog(process.argv[2] ?? 'data/entities.json');
}
