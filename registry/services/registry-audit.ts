import type { RegistryAuditEntry } from '../api-types.js';
import { listRegistryAudit } from '../storage/repositories/registry-audit.js';
import type { RegistryContext } from './registry-context.js';

/** Registry-level audit entries (graph and variant deletions, token revocations), newest first. */
export function listRegistryAuditEntries(
  ctx: RegistryContext,
  query: { limit: number; graph?: string | undefined },
): Promise<RegistryAuditEntry[]> {
  return listRegistryAudit(ctx.db, query.limit, query.graph);
}
