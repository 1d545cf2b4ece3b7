/** PostgreSQL and PGlite both return `timestamptz` as Date; the API speaks ISO 8601 strings. */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toIsoOrNull(value: Date | string | null): string | null {
  return value === null ? null : toIso(value);
}
