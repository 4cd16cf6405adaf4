// The small converters every table family shares (SQLite NULL and JavaScript undefined).
export type Row = Record<string, unknown>;
export const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
export const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));
export const nul = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
