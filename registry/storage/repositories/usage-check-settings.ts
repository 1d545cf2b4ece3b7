/** The usage-aware check settings of a graph ('' variant) and of its variants (migration 015). */
import type { UsageCheckSettings } from '../../usage-types.js';
import type { Queryable } from '../database.js';
import { toIso } from './timestamps.js';

export interface StoredUsageCheckSettings {
  readonly variant: string;
  readonly settings: UsageCheckSettings;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

interface Row {
  variant: string;
  period: string;
  threshold_requests: number | string;
  threshold_percentage: number;
  excluded_clients: string[];
  excluded_client_versions: { client: string; version: string }[];
  updated_by: string;
  updated_at: Date;
}

/** The variant's own row and the graph's ('' variant), the variant's first. */
export async function findUsageCheckSettings(
  db: Queryable,
  graphId: number,
  variant: string | null,
): Promise<StoredUsageCheckSettings[]> {
  const rows = await db.query<Row>(
    `SELECT variant, period, threshold_requests, threshold_percentage, excluded_clients, excluded_client_versions,
            updated_by, updated_at
       FROM usage_check_settings WHERE graph_id = $1 AND variant = ANY($2::text[])
      ORDER BY variant DESC`,
    [graphId, variant === null || variant === '' ? [''] : [variant, '']],
  );
  return rows.map((row) => ({
    variant: row.variant,
    settings: {
      period: row.period,
      thresholdRequests: Number(row.threshold_requests),
      thresholdPercentage: Number(row.threshold_percentage),
      excludedClients: row.excluded_clients,
      excludedClientVersions: row.excluded_client_versions,
    },
    updatedBy: row.updated_by,
    updatedAt: toIso(row.updated_at),
  }));
}

export async function upsertUsageCheckSettings(
  db: Queryable,
  graphId: number,
  variant: string,
  settings: UsageCheckSettings,
  updatedBy: string,
): Promise<void> {
  await db.query(
    `INSERT INTO usage_check_settings (graph_id, variant, period, threshold_requests, threshold_percentage,
       excluded_clients, excluded_client_versions, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7::jsonb, $8, clock_timestamp())
     ON CONFLICT (graph_id, variant) DO UPDATE SET
       period = EXCLUDED.period, threshold_requests = EXCLUDED.threshold_requests,
       threshold_percentage = EXCLUDED.threshold_percentage, excluded_clients = EXCLUDED.excluded_clients,
       excluded_client_versions = EXCLUDED.excluded_client_versions, updated_by = EXCLUDED.updated_by,
       updated_at = EXCLUDED.updated_at`,
    [
      graphId,
      variant,
      settings.period,
      settings.thresholdRequests,
      settings.thresholdPercentage,
      settings.excludedClients,
      JSON.stringify(settings.excludedClientVersions),
      updatedBy,
    ],
  );
}

/** Whether a row was deleted. */
export async function deleteUsageCheckSettings(
  db: Queryable,
  graphId: number,
  variant: string,
): Promise<boolean> {
  const rows = await db.query<{ variant: string }>(
    'DELETE FROM usage_check_settings WHERE graph_id = $1 AND variant = $2 RETURNING variant',
    [graphId, variant],
  );
  return rows.length > 0;
}
