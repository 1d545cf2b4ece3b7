import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';

export const MEMORY_DATA_DIR = 'memory://';

/**
 * Embedded PGlite. It is a single connection: PGlite queues queries behind a running transaction, so
 * concurrent requests are serialized; never call the outer database from inside `transaction`.
 */
export async function openPGliteDatabase(dataDir: string): Promise<Database> {
  let location = dataDir;
  if (!dataDir.startsWith(MEMORY_DATA_DIR)) {
    location = resolve(dataDir);
    await mkdir(location, { recursive: true });
  }
  const pglite = await PGlite.create(location);
  return {
    kind: 'pglite',
    ...queryable(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(queryable(tx))),
    close: () => pglite.close(),
  };
}

function queryable(target: PGlite | Transaction): Queryable {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}
