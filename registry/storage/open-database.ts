import type { Logger } from 'pino';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPGliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

export const DEFAULT_DATA_DIR = '.atrium/registry-db';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory (`memory://` for an in-memory database); relative to the cwd. */
  dataDir?: string | undefined;
  logger?: Logger | undefined;
}

/** Opens PostgreSQL when a URL is given, embedded PGlite otherwise, and applies pending migrations. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgresDatabase(options.databaseUrl, options.logger)
    : await openPGliteDatabase(options.dataDir ?? DEFAULT_DATA_DIR, options.logger);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
