import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../registry/server.js';
import type { Database } from '../../registry/storage/database.js';
import { loadMigrations, migrate } from '../../registry/storage/migrate.js';
import { resolveMigrationsFolder } from '../../registry/storage/migrations-folder.js';
import { insertGraph } from '../../registry/storage/repositories/graphs.js';
import { ensureVariant } from '../../registry/storage/repositories/variants.js';
import { insertNextVersion } from '../../registry/storage/repositories/supergraph-versions.js';
import { createThrowawayPostgresDatabase, describeOnDatabases } from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, USERS_SDL, USERS_SDL_V2 } from '../helpers/registry.js';

describeOnDatabases('storage', (storage) => {
  let db: Database;
  beforeAll(async () => {
    db = await storage.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('records applied migrations and applies nothing twice', async () => {
    const migrations = await loadMigrations();
    expect(migrations.map((m) => m.id)[0]).toBe('001_init.sql');
    const applied = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(applied.map((row) => row.id)).toEqual(migrations.map((m) => m.id));
    expect(await migrate(db)).toEqual([]);
  });

  it('creates every table', async () => {
    const tables = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'graphs',
        'schemas',
        'subgraph_revisions',
        'subgraphs',
        'supergraph_versions',
        'tokens',
        'variants',
      ]),
    );
  });

  // PGlite is one process's embedded database: only PostgreSQL can be shared by registries starting together.
  it.skipIf(storage.kind === 'pglite')(
    'migrates and bootstraps one admin safely when several registries start at once',
    async () => {
      const fresh = await createThrowawayPostgresDatabase();
      try {
        const registries = await Promise.all(
          [1, 2, 3].map(() => createRegistry({ databaseUrl: fresh.url, logger: false })),
        );
        await Promise.all(registries.map((registry) => registry.close()));
        expect(registries.filter((registry) => registry.initialAdminToken !== null)).toHaveLength(1);
      } finally {
        await fresh.drop();
      }
    },
  );

  it('rolls back a failed transaction', async () => {
    const name = uniqueGraphName();
    await expect(
      db.transaction(async (tx) => {
        await insertGraph(tx, name);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query('SELECT 1 FROM graphs WHERE name = $1', [name])).toEqual([]);
  });

  it('keeps supergraph versions immutable and numbers them per variant', async () => {
    const graph = await insertGraph(db, uniqueGraphName());
    if (!graph) throw new Error('graph not created');
    const { variant: a } = await ensureVariant(db, graph.id, 'a');
    const { variant: b } = await ensureVariant(db, graph.id, 'b');
    const write = {
      hash: 'h',
      sdl: 's',
      publishedBy: 't',
      change: { action: 'publish', subgraph: 'x' } as const,
    };
    expect((await insertNextVersion(db, { ...write, variantId: a.id, subgraphs: [] })).version).toBe(1);
    expect((await insertNextVersion(db, { ...write, variantId: a.id, subgraphs: [] })).version).toBe(2);
    expect((await insertNextVersion(db, { ...write, variantId: b.id, subgraphs: [] })).version).toBe(1);
    await expect(
      db.query("UPDATE supergraph_versions SET sdl = 'changed' WHERE variant_id = $1", [a.id]),
    ).rejects.toThrow(/immutable/);
  });

  it('stores every published SDL by content and a revision per publish and delete', async () => {
    const t = await createTestRegistry(storage);
    try {
      const graph = uniqueGraphName();
      await t.call('POST', '/v1/graphs', { body: { name: graph } });
      const url = `/v1/graphs/${graph}/variants/current/subgraphs/users`;
      await t.call('POST', url, { body: { sdl: USERS_SDL, routingUrl: 'http://users/graphql' } });
      await t.call('POST', url, { body: { sdl: USERS_SDL_V2, routingUrl: 'http://users/graphql' } });
      // Removing `email` again is breaking: forced, with a reason.
      await t.call('POST', url, {
        body: { sdl: USERS_SDL, routingUrl: 'http://users/graphql', force: true, reason: 'test' },
      });
      const deleted = await t.call('DELETE', url, { body: { force: true, reason: 'test' } });
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
      const revisions = await t.registry.db.query<{ action: string; sdl_hash: string | null }>(
        `SELECT r.action, r.sdl_hash FROM subgraph_revisions r
           JOIN variants v ON v.id = r.variant_id JOIN graphs g ON g.id = v.graph_id
          WHERE g.name = $1 ORDER BY r.id`,
        [graph],
      );
      expect(revisions.map((r) => r.action)).toEqual(['publish', 'publish', 'publish', 'delete']);
      expect(revisions[0]?.sdl_hash).toBe(revisions[2]?.sdl_hash);
      const hashes = revisions.flatMap((r) => (r.sdl_hash ? [r.sdl_hash] : []));
      const schemas = await t.registry.db.query<{ hash: string }>(
        'SELECT hash FROM schemas WHERE hash = ANY($1)',
        [hashes],
      );
      expect(new Set(schemas.map((s) => s.hash)).size).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe('PGlite on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-registry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data and tokens across restarts in its data directory', async () => {
    const dataDir = join(dir, 'db');
    const first = await createRegistry({ dataDir, logger: false });
    const admin = first.initialAdminToken;
    expect(admin).toMatch(/^atr_/);
    await first.app.inject({
      method: 'POST',
      url: '/v1/graphs',
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: 'kept' },
    });
    await first.close();

    const second = await createRegistry({ dataDir, logger: false });
    expect(second.initialAdminToken).toBeNull();
    const graphs = await second.app.inject({
      url: '/v1/graphs',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(graphs.json()).toMatchObject({ graphs: [{ name: 'kept' }] });
    await second.close();
  });
});

describe('migrations folder', () => {
  it('is found next to the sources and, from dist/, back in the source tree', () => {
    expect(resolveMigrationsFolder()).toMatch(/registry[/\\]storage[/\\]migrations[/\\]?$/);
    const root = mkdtempSync(join(tmpdir(), 'atrium-dist-'));
    try {
      mkdirSync(join(root, 'registry/storage/migrations'), { recursive: true });
      mkdirSync(join(root, 'dist/registry/storage'), { recursive: true });
      const compiled = pathToFileURL(join(root, 'dist/registry/storage/migrations-folder.js'));
      expect(resolveMigrationsFolder(compiled)).toBe(join(root, 'registry/storage/migrations/'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
