import type {
  CoveringApproval,
  GateBypass,
  GitContext,
  IgnoredApproval,
  SchemaCheck,
} from '../../api-types.js';
import type { Queryable } from '../../storage/database.js';
import { appendAudit, type AuditWrite } from '../../storage/repositories/audit-log.js';
import { findApprovedChecks } from '../../storage/repositories/schema-checks.js';
import type { Principal } from '../authentication.js';
import { requireAdminOrOwner } from '../ownership.js';
import { describeIgnoredApproval, whyApprovalDoesNotApply } from './approval-binding.js';
import type { CheckRun } from './run-check.js';

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
  /** Where the write came from, for the audit entry. */
  readonly git?: GitContext | null;
  /** Approvals of earlier checks with this context id apply too (besides those of the same input). */
  readonly contextId?: string | null;
}

export type GateOutcome =
  | { readonly open: true; readonly bypass: GateBypass | null }
  /** `ignoredApprovals`: approvals of the same input that do not apply, and why. */
  | { readonly open: false; readonly ignoredApprovals: IgnoredApproval[] };

/** At most this many ignored approvals are reported with a refusal. */
const MAX_IGNORED = 5;

/**
 * The gate every publish and delete passes once its check is stored. A passed check opens it. A failed one opens
 * for `force` from an admin or owner (403 FORBIDDEN otherwise), audited as `<action>.forced` with the caller's
 * reason, also when an approval would have covered it (that approval is named in the entry's details); else for
 * an approval that applies (approval-binding.ts), audited as `<action>.approved` with the approver and their
 * reason; else it stays shut, audited as `<action>.blocked`. One audit entry per gated write.
 */
export async function passWriteGate(tx: Queryable, write: GatedWrite, run: CheckRun): Promise<GateOutcome> {
  const judged = await judgeWriteGate(tx, write, run);
  if (judged.audit) await appendAudit(tx, judged.audit);
  return judged.outcome;
}

/** The gate's decision and the audit entry it makes, not yet written (a batch writes them once all are judged). */
export interface JudgedGate {
  readonly outcome: GateOutcome;
  readonly audit: AuditWrite | null;
}

/** Decides as `passWriteGate` does, writing nothing; FORBIDDEN for a `force` from neither admin nor owner. */
export async function judgeWriteGate(tx: Queryable, write: GatedWrite, run: CheckRun): Promise<JudgedGate> {
  if (run.report.passed) return { outcome: { open: true, bypass: null }, audit: null };
  const checkId = run.report.checkId ?? '';
  const audit = {
    graphId: write.graphId,
    variant: write.variant,
    subgraph: write.subgraph,
    actor: write.principal.name,
    checkId,
    git: write.git ?? null,
  };
  const counts = run.report.counts;
  const approvals = await findApprovedChecks(
    tx,
    write.graphId,
    write.variant,
    write.subgraph,
    run.inputHash,
    write.contextId ?? null,
  );
  const judged = approvals.map((check) => ({ check, why: whyApprovalDoesNotApply(check, run) }));
  const covering = judged.find((entry) => entry.why === null)?.check;

  if (write.force) {
    requireAdminOrOwner(write.principal, write.subgraph, write.ownerTeam, `force a ${write.action}`);
    const reason = write.reason?.trim() ?? null;
    return {
      outcome: { open: true, bypass: { kind: 'forced', checkId, by: write.principal.name, reason } },
      audit: {
        ...audit,
        action: `${write.action}.forced`,
        reason,
        details: { counts, ...(covering ? { approval: approvalSummary(covering) } : {}) },
      },
    };
  }

  if (covering?.approval) {
    return {
      outcome: {
        open: true,
        bypass: {
          kind: 'approved',
          checkId: covering.id,
          by: covering.approval.approvedBy,
          reason: covering.approval.reason,
        },
      },
      audit: {
        ...audit,
        action: `${write.action}.approved`,
        reason: covering.approval.reason,
        details: { approvedCheckId: covering.id, approvedBy: covering.approval.approvedBy, counts },
      },
    };
  }

  const ignoredApprovals = judged
    .slice(0, MAX_IGNORED)
    .flatMap(({ check, why }) => (why === null ? [] : [describeIgnoredApproval(check, run, why)]));
  return {
    outcome: { open: false, ignoredApprovals },
    audit: {
      ...audit,
      action: `${write.action}.blocked`,
      reason: null,
      details: {
        counts,
        ...(ignoredApprovals.length > 0
          ? { ignoredApprovals: ignoredApprovals.map(({ checkId: id, why }) => ({ checkId: id, why })) }
          : {}),
      },
    },
  };
}

/**
 * The approval that lets a failed check through without a write: one of an earlier check with the same context id
 * (or the same input) that applies (approval-binding.ts); `null` when none does or the check passed.
 */
export async function findCoveringApproval(
  db: Queryable,
  scope: { graphId: number; variant: string; subgraph: string; contextId: string | null },
  run: CheckRun,
): Promise<CoveringApproval | null> {
  if (run.report.passed || scope.contextId === null) return null;
  const approvals = await findApprovedChecks(
    db,
    scope.graphId,
    scope.variant,
    scope.subgraph,
    run.inputHash,
    scope.contextId,
  );
  const covering = approvals.find((check) => whyApprovalDoesNotApply(check, run) === null);
  if (!covering?.approval) return null;
  return {
    checkId: covering.id,
    approvedBy: covering.approval.approvedBy,
    reason: covering.approval.reason,
    contextId: covering.approval.contextId ?? scope.contextId,
    expiresAt: covering.approval.expiresAt,
  };
}

function approvalSummary(check: SchemaCheck): { checkId: string; approvedBy: string; reason: string | null } {
  return {
    checkId: check.id,
    approvedBy: check.approval?.approvedBy ?? '',
    reason: check.approval?.reason ?? null,
  };
}
