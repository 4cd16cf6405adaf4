// Which watched entities an item names. Every alias and context word of every entity is compiled
// once into one automaton; an item is then folded and scanned field by field, and each hit is
// judged by general rules: word boundaries for Latin script, case where case carries meaning,
// longest name wins, and weak aliases ("QQ", "WPS", "DJI") only with corroboration.
import type { Entity, Mention, MentionField } from '../model.ts';
import { toPlainText } from '../text/plain-text.ts';
import { buildAutomaton } from './aho-corasick.ts';
import { foldText, matchKey, sourceSpan } from './fold-text.ts';
import type { FoldCache, FoldedText } from './fold-text.ts';
import { maskUrls } from './url-mask.ts';

/** The parts of an item the matcher reads (a FeedItem fits). */
export interface MatchInput {
  title: string;
  /** May hold HTML; read as rendered. */
  description: string;
  /** Full content, when the feed has it; may hold HTML. Reported as the `description` field. */
  content?: string;
}

export interface Matcher {
  /**
   * One mention per named entity, in order of first appearance (title first).
   * @param options.plain the fields are already rendered with toPlainText (a caller that needs
   * the rendered text too renders it once)
   */
  match(item: MatchInput, options?: { plain?: boolean }): Mention[];
}

/**
 * How far (in characters, either side) a context word may be from a weak alias to count as "near".
 * About a sentence: "DJI, the drone maker" is near; a drone story three paragraphs away is not.
 * @default 80
 */
const CONTEXT_WINDOW = 80;

/**
 * How a token of an alias must be written in the text:
 * - `any`: any case ("tiktok", "TIKTOK");
 * - `upper`: in capitals, because the alias is an acronym ("QQ", "ZTE"; "qq" is a crying face);
 * - `exact-or-upper`: as in the catalog or in capitals ("Tik Tok", "TIK TOK", never "tik tok");
 * - `exact`: exactly as in the catalog (weak aliases: "Ant", never "ant" or "ANT").
 */
type TokenRule = 'any' | 'upper' | 'exact-or-upper' | 'exact';

interface AliasRole {
  kind: 'alias';
  entity: number;
  weak: boolean;
  /** Per-token case rules with the catalog spelling; null when every token is `any`. */
  tokens: Array<{ rule: TokenRule; text: string; offset: number }> | null;
  wordStart: boolean;
  wordEnd: boolean;
}

interface ContextRole {
  kind: 'positive' | 'negative';
  entity: number;
  wordStart: boolean;
  wordEnd: boolean;
}

type Role = AliasRole | ContextRole;

interface Hit {
  entity: number;
  start: number;
  end: number;
  weak: boolean;
}

interface ContextHit {
  entity: number;
  start: number;
  end: number;
  positive: boolean;
}

interface FieldScan {
  field: MentionField;
  order: number;
  text: string;
  folded: FoldedText;
  strong: Hit[];
  weak: Hit[];
  context: ContextHit[];
}

const CJK = /[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Latin-like word characters: letters and digits outside CJK scripts (which need no boundaries). */
function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  const code = ch.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return !CJK.test(ch) && LETTER_OR_DIGIT.test(ch);
}

const isUpper = (ch: string | undefined): boolean => ch !== undefined && ch !== ch.toLowerCase();
const isLower = (ch: string | undefined): boolean => ch !== undefined && ch !== ch.toUpperCase();

/** Splits an alias into case-kept tokens aligned with its match key's spaces. */
function aliasTokens(alias: string): string[] {
  return foldText(alias).norm.replace(/-/g, ' ').trim().split(/\s+/);
}

function isAcronym(token: string): boolean {
  const letters = token.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && token === token.toUpperCase() && token !== token.toLowerCase();
}

/**
 * Compiles the entities' aliases and context words into a matcher. Compile once per entity set
 * (catalog plus custom entities) and reuse it for every item: `match` builds no patterns.
 */
export function createMatcher(catalogEntities: readonly Entity[]): Matcher {
  // Matching-only variants match exactly as the names they sit beside; only display tells them apart.
  const entities = catalogEntities.map((e) =>
    e.variants || e.weakVariants ? { ...e, aliases: [...e.aliases, ...(e.variants ?? [])], weakAliases: [...e.weakAliases, ...(e.weakVariants ?? [])] } : e,
  );
  const roles = new Map<string, Role[]>();
  const addRole = (key: string, role: Role): void => {
    if (key === '') return;
    const list = roles.get(key);
    if (list) list.push(role);
    else roles.set(key, [role]);
  };
  const edges = (key: string) => ({
    wordStart: isWordChar(key[0]),
    wordEnd: isWordChar(key[key.length - 1]),
  });

  // Case rules need to know which single words are weak somewhere ("Ant" makes "Ant Group" need a
  // capital A) and which are distinctive names on their own ("WeChat" makes "wechat pay" fine).
  const weakWords = new Set<string>();
  const strongWords = new Set<string>();
  for (const entity of entities) {
    for (const alias of entity.weakAliases) {
      const key = matchKey(alias);
      if (!key.includes(' ')) weakWords.add(key);
    }
    for (const alias of entity.aliases) {
      const key = matchKey(alias);
      if (!key.includes(' ')) strongWords.add(key);
    }
  }

  entities.forEach((entity, index) => {
    const ownKeys = new Set([entity.name, ...entity.aliases].map(matchKey));
    const compile = (alias: string, weak: boolean): void => {
      const key = matchKey(alias);
      const keyTokens = key.split(' ');
      let texts = aliasTokens(alias);
      // Folding should keep tokens aligned; if some exotic letter breaks that, match without case rules.
      const aligned = texts.length === keyTokens.length;
      if (!aligned) texts = keyTokens;
      // "Tik Tok" next to "TikTok": a spaced spelling made of ordinary words needs its capitals.
      const spacedVariant =
        keyTokens.length > 1 &&
        keyTokens.every((t) => !strongWords.has(t)) &&
        ownKeys.has(key.replace(/ /g, ''));
      const rules = keyTokens.map((token, i): TokenRule => {
        if (!aligned) return 'any';
        if (weak) return 'exact';
        if (isAcronym(texts[i] as string)) return 'upper';
        return weakWords.has(token) || spacedVariant ? 'exact-or-upper' : 'any';
      });
      const strict = rules.some((r) => r !== 'any');
      const register = (separator: string): void => {
        let offset = 0;
        const tokens = keyTokens.map((token, i) => {
          const entry = { rule: rules[i] as TokenRule, text: texts[i] as string, offset };
          offset += token.length + separator.length;
          return entry;
        });
        const joinedKey = keyTokens.join(separator);
        addRole(joinedKey, { kind: 'alias', entity: index, weak, tokens: strict ? tokens : null, ...edges(joinedKey) });
      };
      register(' ');
      // Hashtags and handles run names together: "#QQWallet", "#AntGroup".
      if (!weak && keyTokens.length > 1) register('');
    };
    entity.aliases.forEach((a) => compile(a, false));
    entity.weakAliases.forEach((a) => compile(a, true));
    for (const word of entity.context ?? []) {
      const key = matchKey(word);
      addRole(key, { kind: 'positive', entity: index, ...edges(key) });
    }
    for (const word of entity.negativeContext ?? []) {
      const key = matchKey(word);
      addRole(key, { kind: 'negative', entity: index, ...edges(key) });
    }
  });

  const keys = [...roles.keys()];
  const roleList = keys.map((k) => roles.get(k) as Role[]);
  const automaton = buildAutomaton(keys);

  const parentOf = entities.map((e) => (e.parent === undefined ? -1 : entities.findIndex((p) => p.id === e.parent)));
  const related = entities.map((_, i) => {
    const set = new Set<number>([i]);
    const parent = parentOf[i] as number;
    if (parent >= 0) set.add(parent);
    parentOf.forEach((p, child) => {
      if (p === i) set.add(child);
    });
    return set;
  });

  const cache: FoldCache = new Map();

  /** Whether an alias hit is written as the alias requires (case) and stands as a word. */
  function aliasFits(role: AliasRole, f: FoldedText, start: number, end: number): boolean {
    const { norm, low } = f;
    if (role.tokens) {
      for (const token of role.tokens) {
        if (token.rule === 'any') continue;
        const written = norm.slice(start + token.offset, start + token.offset + token.text.length);
        const upper = written === written.toUpperCase();
        if (token.rule === 'upper' && !upper) return false;
        if (token.rule === 'exact-or-upper' && written !== token.text && !upper) return false;
        if (token.rule === 'exact' && written !== token.text) return false;
      }
    }
    const hashtag = norm[start - 1] === '#';
    if (role.wordStart && isWordChar(low[start - 1])) {
      // "#BanTikTok", "StopHuawei": a capital after a lower-case letter starts a joined word.
      const camel = !role.weak && isLower(norm[start - 1]) && isUpper(norm[start]);
      if (!camel) return false;
    }
    if (role.wordEnd && isWordChar(low[end])) {
      const camel = isLower(norm[end - 1]) && isUpper(norm[end]);
      // A hashtag may run on ("#tiktokban"); a joined capital is tolerated for strong names
      // ("TikTokBan") and for weak ones only inside a hashtag ("#QQWallet" is not "#QQuit").
      if (role.weak ? !(hashtag && camel) : !(hashtag || camel)) return false;
    }
    if (role.weak && role.wordStart) {
      // Index tickers: "^DJI", ".DJI".
      const before = norm[start - 1];
      if (before === '^' || (before === '.' && !isWordChar(low[start - 2]))) return false;
    }
    return true;
  }

  /** Context words stand as words too, but may take a plural or possessive ending ("drones"). */
  function contextFits(role: ContextRole, low: string, start: number, end: number): boolean {
    if (role.wordStart && isWordChar(low[start - 1])) return false;
    if (role.wordEnd && isWordChar(low[end])) {
      const rest = low.slice(end, end + 3);
      const suffix = rest.startsWith('es') ? 2 : rest.startsWith('s') ? 1 : 0;
      if (suffix === 0 || isWordChar(low[end + suffix])) return false;
    }
    return true;
  }

  function scanField(field: MentionField, order: number, text: string): FieldScan | null {
    if (text === '') return null;
    const folded = foldText(text, cache);
    // Links are looked for only once a hit fits as a word: most hits ("uc" in "such") do not.
    let mask: Uint8Array | null | undefined;
    const inLink = (start: number, end: number): boolean => {
      if (mask === undefined) mask = maskUrls(folded.norm);
      return mask !== null && (mask[start] === 1 || mask[end - 1] === 1);
    };
    const scan: FieldScan = { field, order, text, folded, strong: [], weak: [], context: [] };
    automaton.scan(folded.low, (keyIndex, end) => {
      const key = keys[keyIndex] as string;
      const start = end - key.length;
      for (const role of roleList[keyIndex] as Role[]) {
        if (role.kind === 'alias') {
          if (!aliasFits(role, folded, start, end) || inLink(start, end)) continue;
          (role.weak ? scan.weak : scan.strong).push({ entity: role.entity, start, end, weak: role.weak });
        } else if (contextFits(role, folded.low, start, end) && !inLink(start, end)) {
          scan.context.push({ entity: role.entity, start, end, positive: role.kind === 'positive' });
        }
      }
    });
    // Longest name wins: "WeChat Pay" is not also "WeChat", "中兴通讯" not also the weak "中兴".
    scan.strong = keepLongest(scan.strong);
    scan.weak = scan.weak.filter((w) => !scan.strong.some((s) => s.start <= w.start && w.end <= s.end));
    return scan;
  }

  return {
    match(item, options) {
      const render = options?.plain ? (text: string | undefined) => text ?? '' : toPlainText;
      const description = render(item.description);
      // Content that reads as the description names the same entities, and the description's
      // hits come first anyway.
      const content = item.content === item.description ? description : render(item.content);
      const scans = [
        scanField('title', 0, render(item.title)),
        scanField('description', 1, description),
        content === description ? null : scanField('description', 2, content),
      ].filter((s): s is FieldScan => s !== null);

      const named = new Set<number>();
      for (const scan of scans) for (const hit of scan.strong) named.add(hit.entity);
      const corroborated = (entity: number): boolean => [...(related[entity] as Set<number>)].some((e) => named.has(e));

      const acceptedWeak = scans.map((scan) =>
        scan.weak.filter((hit) => {
          let positive = false;
          for (const c of scan.context) {
            if (c.entity !== hit.entity) continue;
            const gap = Math.max(c.start - hit.end, hit.start - c.end, 0);
            if (gap > CONTEXT_WINDOW) continue;
            if (!c.positive) return false;
            positive = true;
          }
          return positive || corroborated(hit.entity);
        }),
      );

      // One mention per entity: a strong hit if there is one, else a confirmed weak one; the
      // earliest such hit, title first.
      const chosen = new Map<number, { hit: Hit; scan: FieldScan }>();
      const consider = (hit: Hit, scan: FieldScan): void => {
        const current = chosen.get(hit.entity);
        const better =
          !current ||
          (current.hit.weak && !hit.weak) ||
          (current.hit.weak === hit.weak &&
            (scan.order < current.scan.order || (scan.order === current.scan.order && hit.start < current.hit.start)));
        if (better) chosen.set(hit.entity, { hit, scan });
      };
      scans.forEach((scan, i) => {
        scan.strong.forEach((hit) => consider(hit, scan));
        (acceptedWeak[i] as Hit[]).forEach((hit) => consider(hit, scan));
      });

      return [...chosen.values()]
        .sort((a, b) => a.scan.order - b.scan.order || a.hit.start - b.hit.start)
        .map(({ hit, scan }) => {
          const [from, to] = sourceSpan(scan.folded, hit.start, hit.end);
          return {
            entityId: (entities[hit.entity] as Entity).id,
            matched: scan.text.slice(from, to),
            field: scan.field,
            weak: hit.weak,
          };
        });
    },
  };
}

/** Drops hits that lie inside a longer hit; hits on the same span (two entities) both stay. */
function keepLongest(hits: Hit[]): Hit[] {
  if (hits.length < 2) return hits;
  const byLength = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const hit of byLength) {
    const inside = kept.some((k) => k.start <= hit.start && hit.end <= k.end && k.end - k.start > hit.end - hit.start);
    if (!inside) kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}
