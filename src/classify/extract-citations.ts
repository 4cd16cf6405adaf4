// Official identifiers in news or agency text. They are the best keys for recognising one development
// reported by several outlets: an executive order number, a Federal Register
// citation or document number, a court docket, a public law.

interface CitationRule {
  pattern: RegExp;
  /**
   * A cheap test every match passes: a digit pattern, or strings of which the text must hold one.
   * Most texts cite nothing, and the patterns, which start with a lookbehind, cost several times
   * more to scan.
   */
  needs: RegExp | readonly string[];
  normalize: (m: RegExpExecArray) => string;
}

/** Digits joined by a hyphen or an en dash: document numbers, dockets, public laws. */
const DIGIT_DASH_DIGIT = /\d[-–]\d/;

const NOT_AFTER_DIGIT = '(?<![0-9])';
const NOT_BEFORE_DIGIT = '(?![0-9])';

const RULES: CitationRule[] = [
  {
    // "Executive Order 13971", "Executive Order No. 13,971", "E.O. 13971", "EO 13971".
    pattern: new RegExp(
      `(?<![0-9A-Za-z])(?:executive\\s+order|exec\\.\\s*order|e\\.\\s?o\\.|eo)\\s*(?:no\\.?\\s*|number\\s*|#\\s*)?(1\\d),?(\\d{3})${NOT_BEFORE_DIGIT}`,
      'giu',
    ),
    needs: /1\d,?\d{3}/,
    normalize: (m) => `EO ${m[1]}${m[2]}`,
  },
  {
    // Chinese: 第13971号行政命令 / 13971号行政令.
    pattern: new RegExp(`${NOT_AFTER_DIGIT}(1\\d{4})\\s*号\\s*(?:总统)?行政(?:命)?令`, 'gu'),
    needs: ['号'],
    normalize: (m) => `EO ${m[1]}`,
  },
  {
    // "86 FR 1249", "85 Fed. Reg. 60,061" (courts' style), "85 Federal Register 48637".
    pattern: new RegExp(
      `${NOT_AFTER_DIGIT}(\\d{1,3})\\s+(?:FR|Fed\\.\\s*Reg\\.|Federal\\s+Register)\\s+(\\d{1,3}(?:,\\d{3})+|\\d{1,6})${NOT_BEFORE_DIGIT}`,
      'gu',
    ),
    needs: ['FR', 'Fed'],
    normalize: (m) => `${m[1]} FR ${m[2]!.replace(/,/g, '')}`,
  },
  {
    // Federal Register document numbers: "FR Doc. 2021-00305", or bare "2021-00305".
    pattern: new RegExp(
      `(?<![0-9\\-:./])(?:FR\\s+Doc\\.?\\s*(?:No\\.?\\s*)?)?((?:199\\d|20\\d\\d)-\\d{5})(?![0-9\\-])`,
      'gu',
    ),
    needs: DIGIT_DASH_DIGIT,
    normalize: (m) => `FR Doc ${m[1]}`,
  },
  {
    // District court dockets: "3:20-cv-05910-LB" → "3:20-cv-05910" (judge initials vary by outlet).
    pattern: new RegExp(`${NOT_AFTER_DIGIT}(\\d{1,2}):(\\d{2})-(cv|cr|mc|md|mj)-(\\d{3,5})${NOT_BEFORE_DIGIT}`, 'giu'),
    needs: [':'],
    normalize: (m) => `${m[1]}:${m[2]}-${m[3]!.toLowerCase()}-${m[4]}`,
  },
  {
    // Appellate and Supreme Court numbers need a "Docket"/"Case" word: a bare "No. 24-656" is too vague.
    pattern: new RegExp(`(?<![A-Za-z])(?:docket|case)\\s+nos?\\.?\\s*(\\d{2}-\\d{1,5})${NOT_BEFORE_DIGIT}`, 'giu'),
    needs: DIGIT_DASH_DIGIT,
    normalize: (m) => `No. ${m[1]}`,
  },
  {
    // "Pub. L. 118-50", "Public Law 118-50", "P.L. 118-50".
    pattern: new RegExp(
      `(?<![A-Za-z])(?:pub(?:lic)?\\.?\\s*l(?:aw)?\\.?|p\\.\\s?l\\.)\\s*(?:no\\.?\\s*)?(\\d{2,3})[-–](\\d{1,3})${NOT_BEFORE_DIGIT}`,
      'giu',
    ),
    needs: DIGIT_DASH_DIGIT,
    normalize: (m) => `Pub. L. ${m[1]}-${m[2]}`,
  },
];

/**
 * Finds official identifiers in a text and returns them normalised ("EO 13971", "85 FR 60061",
 * "FR Doc 2021-00305", "3:20-cv-05910", "Pub. L. 118-50"), in order of first appearance, without
 * duplicates.
 */
export function extractCitations(text: string): string[] {
  const found: Array<{ at: number; value: string }> = [];
  // Rules share quick tests: each runs once.
  const passed = new Map<CitationRule['needs'], boolean>();
  for (const rule of RULES) {
    const { needs } = rule;
    let pass = passed.get(needs);
    if (pass === undefined) passed.set(needs, (pass = needs instanceof RegExp ? needs.test(text) : needs.some((s) => text.includes(s))));
    if (!pass) continue;
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      found.push({ at: m.index, value: rule.normalize(m) });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.value))];
}
