import type { IgnoredApproval, IgnoredApprovalWhy, SchemaCheck } from '../../api-types.js';
import { approvalCovers, type CheckRun } from './run-check.js';

/**
 * What an approval is bound to (docs/registry-api.md, "Approvals"). An approved check lets a later write through
 * only while its approval has not expired, for the same subgraph identity (a subgraph deleted and published again
 * is another subgraph), against the same base version (what the approver saw), and when everything that blocks
 * the write was blocking in the approved check. The same input (`checkInputHash`) is the query's key.
 */
export function whyApprovalDoesNotApply(approved: SchemaCheck, run: CheckRun): IgnoredApprovalWhy | null {
  if (!approved.approval || approved.approval.expired) return 'expired';
  if (approved.subgraphIdentity !== run.subgraphIdentity) return 'subgraph-recreated';
  if (approved.baseVersion !== (run.base.version?.version ?? null)) return 'base-changed';
  if (!approvalCovers(approved.report, run.report)) return 'changes-not-covered';
  return null;
}

/** Why a stored check can no longer be approved: the variant or the subgraph changed since it ran; else `null`. */
export function staleCheckReason(
  check: SchemaCheck,
  now: { currentVersion: number | null; subgraphIdentity: string | null },
): string | null {
  if (check.subgraphIdentity !== now.subgraphIdentity) {
    return `${describeIdentityChange(check.subgraph, check.subgraphIdentity, now.subgraphIdentity)} since this check ran; run the check again`;
  }
  if (check.baseVersion !== now.currentVersion) {
    return `the variant changed since this check ran (it compared with ${versionText(check.baseVersion)}, the variant is at ${versionText(now.currentVersion)} now); run the check again`;
  }
  return null;
}

export function describeIgnoredApproval(
  approved: SchemaCheck,
  run: CheckRun,
  why: IgnoredApprovalWhy,
): IgnoredApproval {
  const currentVersion = run.base.version?.version ?? null;
  const expiresAt = approved.approval?.expiresAt ?? '';
  const because: Record<IgnoredApprovalWhy, string> = {
    expired: `it expired at ${expiresAt}`,
    'subgraph-recreated': `it was given for another subgraph of that name (${describeIdentityChange(approved.subgraph, approved.subgraphIdentity, run.subgraphIdentity)} since)`,
    'base-changed': `it was given against ${versionText(approved.baseVersion)}, the variant is at ${versionText(currentVersion)} now`,
    'changes-not-covered': 'this write is blocked by changes that were not blocking in the approved check',
  };
  return {
    checkId: approved.id,
    approvedBy: approved.approval?.approvedBy ?? '',
    why,
    baseVersion: approved.baseVersion,
    currentVersion,
    expiresAt,
    message: `the approval of check ${approved.id} does not apply: ${because[why]}`,
  };
}

function describeIdentityChange(subgraph: string, before: string | null, after: string | null): string {
  if (before === null) return `subgraph ${subgraph} was created`;
  if (after === null) return `subgraph ${subgraph} was deleted`;
  return `subgraph ${subgraph} was deleted and published again`;
}

function versionText(version: number | null): string {
  return version === null ? 'no supergraph' : `version ${version}`;
}
