/**
 * The registry's storage boundary: a PostgreSQL-dialect database that is either embedded PGlite or a real
 * PostgreSQL server. Repositories only ever see these interfaces.
 */
export interface Queryable {
  /** Runs one parameterised statement (`$1`, `$2` …) and returns its rows. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` inside BEGIN … COMMIT, rolling back when it throws. Use only `tx` inside `fn`. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
