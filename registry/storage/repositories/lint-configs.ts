import type { LintConfig } from '../../checks/lint/lint-config.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

export interface StoredLintConfig {
  config: Partial<LintConfig>;
  updatedBy: string;
  updatedAt: string;
}

export async function findLintConfig(db: Queryable, graphId: number): Promise<StoredLintConfig | null> {
  const rows = await db.query<{ config: Partial<LintConfig>; updated_by: string; updated_at: Date }>(
    'SELECT config, updated_by, updated_at FROM lint_configs WHERE graph_id = $1',
    [graphId],
  );
  const row = rows[0];
  return row ? { config: row.config, updatedBy: row.updated_by, updatedAt: toIso(row.updated_at) } : null;
}

export async function upsertLintConfig(
  db: Queryable,
  graphId: number,
  config: LintConfig,
  updatedBy: string,
): Promise<void> {
  await db.query(
    `INSERT INTO lint_configs (graph_id, config, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, clock_timestamp())
     ON CONFLICT (graph_id) DO UPDATE
       SET config = EXCLUDED.config, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [graphId, JSON.stringify(config), updatedBy],
  );
}
