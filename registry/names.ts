/** Graph, variant and subgraph names (docs/registry-api.md). */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function isValidName(value: string): boolean {
  return NAME_PATTERN.test(value);
}

/** Code-unit order, the same as PostgreSQL's `COLLATE "C"`, so SQL and JS sort names alike everywhere. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
