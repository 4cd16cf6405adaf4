// A catalog that cannot be read or trusted stops startup: alerts matched against a half-valid
// list of names would be silently wrong.

export type CatalogErrorCode = 'catalog-unreadable' | 'catalog-invalid';

/** Thrown when the entity catalog cannot be loaded; the message lists every problem and the fix. */
export class CatalogError extends Error {
  readonly code: CatalogErrorCode;
  /** Each problem on its own, naming the entry it is about. */
  readonly problems: string[];

  constructor(code: CatalogErrorCode, message: string, problems: string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogError';
    this.code = code;
    this.problems = problems;
  }
}
