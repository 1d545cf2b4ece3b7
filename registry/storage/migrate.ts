import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database.js';
import { resolveMigrationsFolder } from './migrations-folder.js';

/** Arbitrary, fixed key of the advisory lock that serializes migrations of registries starting together. */
const MIGRATION_LOCK_KEY = 7_310_415_001;
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

export interface Migration {
  id: string;
  sql: string;
}

export async function loadMigrations(folder = resolveMigrationsFolder()): Promise<Migration[]> {
  const files = (await readdir(folder)).filter((file) => MIGRATION_FILE.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({ id: file, sql: await readFile(join(folder, file), 'utf8') })),
  );
}

/**
 * Applies pending migrations in one transaction, recording each in `schema_migrations`. The advisory lock
 * makes a second registry starting at the same time wait, then find nothing left to do.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<string[]> {
  const pending = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ id: string }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.id));
    const newlyApplied: string[] = [];
    for (const migration of pending) {
      if (applied.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      newlyApplied.push(migration.id);
    }
    return newlyApplied;
  });
}
