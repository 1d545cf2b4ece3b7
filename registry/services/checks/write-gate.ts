import type { GateBypass } from '../../api-types.js';
import type { Queryable } from '../../storage/database.js';
import { appendAudit } from '../../storage/repositories/audit-log.js';
import { findApprovedChecks } from '../../storage/repositories/schema-checks.js';
import type { Principal } from '../authentication.js';
import { requireAdminOrOwner } from '../ownership.js';
import { approvalCovers, type CheckRun } from './run-check.js';

/** A write that changes the supergraph and is gated on its check: a publish or a delete. */
export interface GatedWrite {
  readonly action: 'publish' | 'delete';
  readonly graphId: number;
  readonly variant: string;
  readonly subgraph: string;
  readonly principal: Principal;
  /** The team that may force: the subgraph's owner team (for a new subgraph, the team it would get). */
  readonly ownerTeam: string | null;
  /** Go through a failed check: admin or owner only; the caller has already required a reason. */
  readonly force?: boolean | undefined;
  readonly reason?: string | undefined;
}

export type GateOutcome =
  { readonly open: true; readonly bypass: GateBypass | null } | { readonly open: false };

/**
 * The gate every publish and delete passes once its check is stored. A passed check opens it. A failed one
 * opens only for an approval of the same input that covers the report, or for `force` from an admin or owner
 * (403 FORBIDDEN otherwise); the outcome is audited as `<action>.blocked`, `.approved` or `.forced`.
 */
export async function passWriteGate(tx: Queryable, write: GatedWrite, run: CheckRun): Promise<GateOutcome> {
  if (run.report.passed) return { open: true, bypass: null };
  const checkId = run.report.checkId ?? '';
  const audit = {
    graphId: write.graphId,
    variant: write.variant,
    subgraph: write.subgraph,
    actor: write.principal.name,
    checkId,
  };
  const bypass = await findBypass(tx, write, run, checkId);
  if (!bypass) {
    await appendAudit(tx, {
      ...audit,
      action: `${write.action}.blocked`,
      reason: null,
      details: { counts: run.report.counts },
    });
    return { open: false };
  }
  await appendAudit(tx, {
    ...audit,
    action: `${write.action}.${bypass.kind}`,
    reason: bypass.reason,
    details: { approvedCheckId: bypass.checkId, counts: run.report.counts },
  });
  return { open: true, bypass };
}

/** An approval of the same input that covers this report, else `force` by admin or owner, else `null`. */
async function findBypass(
  tx: Queryable,
  write: GatedWrite,
  run: CheckRun,
  checkId: string,
): Promise<GateBypass | null> {
  const approved = await findApprovedChecks(tx, write.graphId, write.variant, write.subgraph, run.inputHash);
  const covering = approved.find((check) => approvalCovers(check.report, run.report));
  if (covering?.approval) {
    return {
      kind: 'approved',
      checkId: covering.id,
      by: covering.approval.approvedBy,
      reason: covering.approval.reason,
    };
  }
  if (!write.force) return null;
  requireAdminOrOwner(write.principal, write.subgraph, write.ownerTeam, `force a ${write.action}`);
  return { kind: 'forced', checkId, by: write.principal.name, reason: write.reason?.trim() ?? null };
}
