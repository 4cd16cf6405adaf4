// A catalog that cannot be read or trusted stops startup: alerts matched against a half-valid
// list of names would be silently wrong.

import { CodedError } from '../errors.ts';

export type CatalogErrorCode = 'config/catalog-unreadable' | 'config/catalog-invalid';

/** Thrown when the entity catalog cannot be loaded; the message lists every problem and the fix. */
export class CatalogError extends CodedError {
  /** Each problem on its own, naming the entry it is about. */
  readonly problems: string[];

  constructor(code: CatalogErrorCode, message: string, problems: string[] = [], options?: { cause?: unknown }) {
    // An operator's catalog that is wrong can be fixed, or set aside for the shipped one.
    super(code, `${message}${code === 'config/catalog-invalid' ? '\n  Fix the entries above, or unset CATALOG_FILE to use the shipped catalog.' : ''}`, options);
    this.problems = problems;
  }
}
