// Validates the entity catalog file's content. Every problem is reported at once, each naming the
// entity (by index and id) and showing what it got, so one edit fixes the file.
import { z } from 'zod';
import type { Category, Entity, Preset } from '../model.ts';
import { CATEGORIES } from '../model.ts';
import { CatalogError } from './catalog-error.ts';
import { checkCatalog } from './check-catalog.ts';

const text = z.string().trim().min(1, 'expected a non-empty string');
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id of letters, digits and hyphens');

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD');

// Citation formats are checked by check-catalog (audit-catalog.ts), which names the entry; here
// only the shape, so a typo in a key ("frdoc") is caught.
const citationsSchema = z.strictObject({
  eo: text.optional(),
  fr: text.optional(),
  frDoc: text.optional(),
  docket: text.optional(),
  publicLaw: text.optional(),
  fcc: text.optional(),
  statute: text.optional(),
  reporter: text.optional(),
  other: text.optional(),
});

const timelineEventSchema = z.object({
  date: z.iso.date('expected a real date written YYYY-MM-DD'),
  action: text,
  jurisdiction: z.string().regex(/^([A-Z]{2}|company)$/, 'expected a two-letter country code ("US", "CN", "IN") or "company"'),
  kind: z.enum(CATEGORIES as [Category, ...Category[]], `expected one of ${CATEGORIES.join(', ')}`),
  official: z.boolean('expected true (a government act) or false'),
  citations: citationsSchema.optional(),
  source: url,
  see: z.array(url).optional(),
  unconfirmed: text.optional(),
});

const relationshipSchema = z
  .object({
    kind: z.enum(['parent', 'shareholder', 'operator'], 'expected "parent", "shareholder" or "operator"'),
    id: id.optional(),
    name: text.optional(),
    share: text.optional(),
    market: text.optional(),
    since: partialDate.optional(),
    until: partialDate.optional(),
    note: text.optional(),
    source: url,
  })
  .refine((r) => (r.id === undefined) !== (r.name === undefined), 'expected either the id of a catalog entity or the name of an outside party');

const entitySchema = z.object({
  id,
  name: text,
  kind: z.enum(['app', 'company'], 'expected "app" or "company"'),
  /** Older files name the parent here; newer ones give it as a `parent` relationship. */
  parent: id.optional(),
  aliases: z.array(text).min(1, 'expected at least one alias'),
  weakAliases: z.array(text),
  variants: z.array(text).optional(),
  weakVariants: z.array(text).optional(),
  context: z.array(text).optional(),
  negativeContext: z.array(text).optional(),
  relationships: z.array(relationshipSchema).optional(),
  status: z.object({ text, asOf: z.iso.date('expected a real date written YYYY-MM-DD') }).optional(),
  timeline: z.array(timelineEventSchema),
  custom: z.boolean().optional(),
});

const presetSchema = z.object({ id, name: text, entityIds: z.array(id).min(1, 'expected at least one entity id') });

const catalogSchema = z.object({
  /** The day the catalog's facts were last checked against their sources. */
  asOf: z.iso.date('expected a real date written YYYY-MM-DD').optional(),
  entities: z.array(entitySchema).min(1, 'expected at least one entity'),
  presets: z.array(presetSchema),
});

/** The catalog file's content, checked. */
export interface CatalogData {
  /** When the facts were last checked (YYYY-MM-DD), shown with every lookup. */
  asOf?: string;
  entities: Entity[];
  presets: Preset[];
}

/** The current parent: a `parent` relationship without an end date, else the older `parent` field. */
function currentParent(entity: { parent?: string; relationships?: Entity['relationships'] }): string | undefined {
  return entity.relationships?.find((r) => r.kind === 'parent' && r.until === undefined && r.id !== undefined)?.id ?? entity.parent;
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
 * @throws CatalogError (`config/catalog-invalid`) listing every problem
 */
export function parseCatalogData(raw: unknown, source: string): CatalogData {
  const parsed = catalogSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const got = 'input' in issue && issue.input !== undefined ? `, got ${JSON.stringify(issue.input)?.slice(0, 80)}` : '';
      return `${describePath(raw, issue.path)}: ${issue.message}${got}`;
    });
    throw new CatalogError('config/catalog-invalid', `Entity catalog ${source} is invalid:\n  ${problems.join('\n  ')}\nFix these entries and restart.`, problems);
  }
  const clashes = parsed.data.entities.flatMap((e, index) => {
    const related = e.relationships?.find((r) => r.kind === 'parent' && r.until === undefined)?.id;
    return e.parent !== undefined && related !== undefined && related !== e.parent
      ? [`entities[${index}] "${e.id}" parent: "${e.parent}" disagrees with its parent relationship "${related}"; give the parent once, as a relationship`]
      : [];
  });
  if (clashes.length > 0) {
    throw new CatalogError('config/catalog-invalid', `Entity catalog ${source} is invalid:\n  ${clashes.join('\n  ')}\nFix these entries and restart.`, clashes);
  }
  const data: CatalogData = {
    ...(parsed.data.asOf ? { asOf: parsed.data.asOf } : {}),
    presets: parsed.data.presets,
    entities: parsed.data.entities.map((e) => {
      const parent = currentParent(e);
      return { ...e, ...(parent ? { parent } : {}) };
    }),
  };
  const problems = checkCatalog(data.entities, data.presets);
  if (problems.length > 0) {
    throw new CatalogError('config/catalog-invalid', `Entity catalog ${source} is inconsistent:\n  ${problems.join('\n  ')}\nFix these entries and restart.`, problems);
  }
  return data;
}
