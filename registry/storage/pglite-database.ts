import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import type { Database, Queryable } from './database.js';
import { lockDataDir } from './data-dir-lock.js';

export const MEMORY_DATA_DIR = 'memory://';

/**
 * Embedded PGlite. It is a single connection: PGlite queues queries behind a running transaction, so
 * concurrent requests are serialized; never call the outer database from inside `transaction`. A data
 * directory is locked for this process (data-dir-lock.ts) until `close`.
 */
export async function openPGliteDatabase(dataDir: string, logger?: Logger): Promise<Database> {
  if (dataDir.startsWith(MEMORY_DATA_DIR)) return wrap(await PGlite.create(dataDir), () => Promise.resolve());
  const location = resolve(dataDir);
  await mkdir(location, { recursive: true });
  const lock = await lockDataDir(location, logger);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(location);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return wrap(pglite, () => lock.release());
}

function wrap(pglite: PGlite, afterClose: () => Promise<void>): Database {
  let closing: Promise<void> | undefined;
  return {
    kind: 'pglite',
    ...queryable(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(queryable(tx))),
    close: () => (closing ??= pglite.close().finally(afterClose)),
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
