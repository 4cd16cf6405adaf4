// Validates the entity catalog file's content. Every problem is reported at once, each naming the
// entity (by index and id) and showing what it got, so one edit fixes the file.
import { z } from 'zod';
import type { Entity, Preset } from '../model.ts';
import { CatalogError } from './catalog-error.ts';
import { checkCatalog } from './check-catalog.ts';

const text = z.string().trim().min(1, 'expected a non-empty string');
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id of letters, digits and hyphens');

const timelineEventSchema = z.object({
  date: z.iso.date('expected a real date written YYYY-MM-DD'),
  action: text,
  citation: text.optional(),
  source: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
});

const entitySchema = z.object({
  id,
  name: text,
  kind: z.enum(['app', 'company'], 'expected "app" or "company"'),
  parent: id.optional(),
  aliases: z.array(text).min(1, 'expected at least one alias'),
  weakAliases: z.array(text),
  context: z.array(text).optional(),
  negativeContext: z.array(text).optional(),
  timeline: z.array(timelineEventSchema),
  custom: z.boolean().optional(),
});

const presetSchema = z.object({ id, name: text, entityIds: z.array(id).min(1, 'expected at least one entity id') });

const catalogSchema = z.object({ entities: z.array(entitySchema).min(1, 'expected at least one entity'), presets: z.array(presetSchema) });

/** The catalog file's content, checked. */
export interface CatalogData {
  entities: Entity[];
  presets: Preset[];
}

function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  const [section, index, ...rest] = path;
  let where = String(section ?? '(top level)');
  if (typeof index === 'number') {
    const entry = (raw as Record<string, unknown[]> | null)?.[String(section)]?.[index] as { id?: unknown } | undefined;
    where += `[${index}]`;
    if (typeof entry?.id === 'string') where += ` "${entry.id}"`;
  }
  return rest.length > 0 ? `${where} ${rest.map(String).join('.')}` : where;
}

/**
 * Validates parsed catalog JSON.
 * @param source named in error messages (the file path)
 * @throws CatalogError (`catalog-invalid`) listing every problem
 */
export function parseCatalogData(raw: unknown, source: string): CatalogData {
  const parsed = catalogSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const got = 'input' in issue && issue.input !== undefined ? `, got ${JSON.stringify(issue.input)?.slice(0, 80)}` : '';
      return `${describePath(raw, issue.path)}: ${issue.message}${got}`;
    });
    throw new CatalogError('catalog-invalid', `Entity catalog ${source} is invalid:\n  ${problems.join('\n  ')}\nFix these entries and restart.`, problems);
  }
  const data: CatalogData = parsed.data;
  const problems = checkCatalog(data.entities, data.presets);
  if (problems.length > 0) {
    throw new CatalogError('catalog-invalid', `Entity catalog ${source} is inconsistent:\n  ${problems.join('\n  ')}\nFix these entries and restart.`, problems);
  }
  return data;
}
