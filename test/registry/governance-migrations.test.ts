// Migrations 005 (approval binding) and 006 (token graphs) on a database that already holds data: existing
// subgraphs get an identity, existing checks the identity of their subgraph, existing approvals a 7-day expiry from
// when they were given, and existing tokens keep reaching every graph.
import { expect, it } from 'vitest';
import type { Database } from '../../registry/storage/database.js';
import { loadMigrations, migrate } from '../../registry/storage/migrate.js';
import { openPGliteDatabase } from '../../registry/storage/pglite-database.js';
import { openPostgresDatabase } from '../../registry/storage/postgres-database.js';
import { findCheck } from '../../registry/storage/repositories/schema-checks.js';
import { describeOnDatabases } from '../helpers/databases.js';

describeOnDatabases('governance migrations on existing data', (storage) => {
  it('backfills identities, approval expiry and token reach', async () => {
    const options = storage.options();
    const db: Database =
      'databaseUrl' in options
        ? await openPostgresDatabase(options.databaseUrl)
        : await openPGliteDatabase(options.dataDir);
    try {
      const all = await loadMigrations();
      const before = all.filter((migration) => migration.id < '005');
      expect(await migrate(db, before)).toEqual(before.map((migration) => migration.id));

      const [graph] = await db.query<{ id: number }>(
        "INSERT INTO graphs (name) VALUES ('legacy') RETURNING id",
      );
      const graphId = graph?.id;
      const [variant] = await db.query<{ id: number }>(
        "INSERT INTO variants (graph_id, name, current_version) VALUES ($1, 'prod', 1) RETURNING id",
        [graphId],
      );
      await db.query("INSERT INTO schemas (hash, sdl) VALUES ('h1', 'type Query { a: String }')");
      await db.query(
        "INSERT INTO subgraphs (variant_id, name, routing_url, sdl_hash, published_by) VALUES ($1, 'users', 'http://u', 'h1', 'ci')",
        [variant?.id],
      );
      for (const [id, subgraph] of [
        ['00000000-0000-4000-8000-000000000001', 'users'],
        ['00000000-0000-4000-8000-000000000002', 'orders'],
      ] as const) {
        await db.query(
          `INSERT INTO schema_checks (id, graph_id, variant, subgraph, action, origin, input_hash, base_version, passed, report, created_by)
           VALUES ($1, $2, 'prod', $3, 'publish', 'check', 'ih', 1, false, '{}'::jsonb, 'ci')`,
          [id, graphId, subgraph],
        );
      }
      await db.query(
        `INSERT INTO check_approvals (check_id, graph_id, variant, subgraph, input_hash, approved_by, reason, created_at)
         VALUES ('00000000-0000-4000-8000-000000000001', $1, 'prod', 'users', 'ih', 'admin', 'ok', '2020-01-01T00:00:00Z')`,
        [graphId],
      );
      await db.query(
        "INSERT INTO tokens (id, name, role, token_hash) VALUES ('tok_legacy', 'legacy', 'reader', 'th')",
      );

      expect(await migrate(db, all)).toEqual(all.filter((m) => m.id >= '005').map((m) => m.id));

      const [users] = await db.query<{ identity: string }>(
        "SELECT identity FROM subgraphs WHERE name = 'users'",
      );
      expect(users?.identity).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      const approved = await findCheck(db, '00000000-0000-4000-8000-000000000001');
      expect(approved?.subgraphIdentity).toBe(users?.identity);
      expect(approved?.approval).toMatchObject({
        createdAt: '2020-01-01T00:00:00.000Z',
        expiresAt: '2020-01-08T00:00:00.000Z',
        expired: true,
      });
      // A check of a subgraph that does not exist keeps no identity: its approval would cover creating it only.
      expect((await findCheck(db, '00000000-0000-4000-8000-000000000002'))?.subgraphIdentity).toBeNull();
      const [token] = await db.query<{ graphs: string[] | null }>(
        "SELECT graphs FROM tokens WHERE id = 'tok_legacy'",
      );
      expect(token).toEqual({ graphs: null });
    } finally {
      await db.close();
    }
  });
});
