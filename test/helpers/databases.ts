/**
 * Runs a suite on every storage the registry supports: a throwaway in-memory PGlite and a throwaway
 * PostgreSQL database (`ATRIUM_TEST_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/postgres).
 * Without a reachable PostgreSQL the PostgreSQL half is skipped with a printed reason, except in CI
 * (`CI=true`), where it fails.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../registry/storage/database.js';
import { openDatabase } from '../../registry/storage/open-database.js';

export const TEST_POSTGRES_URL =
  process.env.ATRIUM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type DatabaseKind = 'pglite' | 'postgres';

/** Where a test registry keeps its data: pass to `createRegistry` / `openDatabase`. */
export type StorageOptions = { databaseUrl: string } | { dataDir: string };

export interface TestStorage {
  readonly kind: DatabaseKind;
  /** Storage options for one registry. PGlite: a fresh in-memory database each call. */
  options(): StorageOptions;
  /** Opens (and migrates) a database on this storage; close it yourself. */
  open(): Promise<Database>;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function probePostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresProblem = await probePostgres(TEST_POSTGRES_URL);
const inCi = process.env.CI === 'true';

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `atrium_test_<random>` and returns its URL. */
export async function createThrowawayPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `atrium_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

const pgliteStorage: TestStorage = {
  kind: 'pglite',
  options: () => ({ dataDir: 'memory://' }),
  open: () => openDatabase({ dataDir: 'memory://' }),
};

/**
 * Declares `body` once per storage kind, as `title [pglite]` and `title [postgres]`. The PostgreSQL suite
 * gets its own throwaway database, dropped after the suite.
 */
export function describeOnDatabases(title: string, body: (storage: TestStorage) => void): void {
  describe(`${title} [pglite]`, () => body(pgliteStorage));

  const skip = postgresProblem !== null && !inCi;
  if (skip) {
    console.warn(
      `Skipping "${title} [postgres]": PostgreSQL is unreachable at ${redact(TEST_POSTGRES_URL)} (${postgresProblem}). ` +
        'Set ATRIUM_TEST_DATABASE_URL to run it.',
    );
  }
  describe.skipIf(skip)(`${title} [postgres]`, () => {
    let database: { url: string; drop(): Promise<void> } | undefined;
    const storage: TestStorage = {
      kind: 'postgres',
      options: () => ({ databaseUrl: requireUrl() }),
      open: () => openDatabase({ databaseUrl: requireUrl() }),
    };
    function requireUrl(): string {
      if (!database) throw new Error('the throwaway PostgreSQL database was not created');
      return database.url;
    }
    beforeAll(async () => {
      if (postgresProblem !== null) {
        throw new Error(
          `PostgreSQL is required when CI=true but is unreachable at ${redact(TEST_POSTGRES_URL)}: ${postgresProblem}`,
        );
      }
      database = await createThrowawayPostgresDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });
    body(storage);
  });
}
