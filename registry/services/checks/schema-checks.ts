import { randomUUID } from 'node:crypto';
import type { GitContext, SchemaCheck, SchemaCheckSummary } from '../../api-types.js';
import type { FailOn } from '../../checks/check-report.js';
import { RegistryErrors } from '../../errors.js';
import { appendAudit } from '../../storage/repositories/audit-log.js';
import { storeSchema } from '../../storage/repositories/schemas.js';
import {
  findCheck,
  insertApproval,
  insertCheck,
  listChecks,
} from '../../storage/repositories/schema-checks.js';
import { findCurrentSubgraph } from '../../storage/repositories/subgraphs.js';
import { findVariant } from '../../storage/repositories/variants.js';
import type { Principal } from '../authentication.js';
import { authorize } from '../authorization.js';
import { requireGraph } from '../graphs.js';
import { requireAdminOrOwner } from '../ownership.js';
import type { RegistryContext } from '../registry-context.js';
import { compareNames } from '../../names.js';
import { sha256Hex } from '../hashing.js';
import { requireVariant, type VariantRef } from '../variants.js';
import { staleCheckReason } from './approval-binding.js';
import { loadCheckBase, runCheck } from './run-check.js';
import { findCoveringApproval } from './write-gate.js';

export interface CheckSubgraphInput extends VariantRef {
  subgraph: string;
  /** The proposed SDL, or `null` to check deleting the subgraph. */
  sdl: string | null;
  routingUrl: string | null;
  failOn: FailOn;
  /** Every failing change counts, whatever its usage (`--skip-usage`). */
  skipUsage?: boolean;
  checkedBy: string;
  git?: GitContext | null;
  /** Resolved already (given, else PR URL, else branch); `null`: none. */
  contextId?: string | null;
}

/** Placeholder routing URL for checking a subgraph that has none yet: the URL is not part of the API schema. */
function placeholderUrl(subgraph: string): string {
  return `http://${subgraph.toLowerCase()}.invalid/graphql`;
}

/**
 * Runs the check pipeline against the variant as it is now and stores the result. A failed check is an
 * expected outcome: the stored check says `passed: false`. At most `checksPerGraph` checks of one graph run at
 * once (TOO_MANY_CHECKS beyond).
 */
export async function checkSubgraph(ctx: RegistryContext, input: CheckSubgraphInput): Promise<SchemaCheck> {
  const release = ctx.schemaWork.admitCheck(input.graph);
  try {
    return await checkAdmitted(ctx, input);
  } finally {
    release();
  }
}

async function checkAdmitted(ctx: RegistryContext, input: CheckSubgraphInput): Promise<SchemaCheck> {
  if (input.routingUrl !== null) ctx.routingUrls.check(input.routingUrl);
  if (input.sdl !== null)
    await ctx.schemaWork.inspectSdl(input.subgraph, input.sdl, sha256Hex(input.sdl), 'check');
  const { graph, variant } = await requireVariant(ctx.db, input);
  const base = await loadCheckBase(ctx.db, variant);
  const existing = base.subgraphs.find((s) => s.name === input.subgraph);
  if (input.sdl === null && !existing) {
    throw RegistryErrors.SUBGRAPH_NOT_FOUND.create({
      graph: input.graph,
      variant: input.variant,
      subgraph: input.subgraph,
      subgraphs: base.subgraphs.map((subgraph) => subgraph.name).sort(compareNames),
    });
  }
  const proposal =
    input.sdl === null
      ? { action: 'delete' as const, subgraph: input.subgraph }
      : {
          action: 'publish' as const,
          subgraph: input.subgraph,
          sdl: input.sdl,
          routingUrl: input.routingUrl ?? existing?.routingUrl ?? placeholderUrl(input.subgraph),
        };
  const id = randomUUID();
  const run = await runCheck(ctx, ctx.db, base, {
    graph: input.graph,
    graphId: graph.id,
    variant: input.variant,
    proposal,
    failOn: input.failOn,
    skipUsage: input.skipUsage ?? false,
    checkId: id,
  });
  const contextId = input.contextId ?? null;
  return ctx.db.transaction(async (tx) => {
    if (proposal.action === 'publish' && run.sdlHash) await storeSchema(tx, run.sdlHash, proposal.sdl);
    const coveredBy = await findCoveringApproval(
      tx,
      { graphId: graph.id, variant: input.variant, subgraph: input.subgraph, contextId },
      run,
    );
    return insertCheck(tx, {
      id,
      graphId: graph.id,
      variant: input.variant,
      subgraph: input.subgraph,
      action: proposal.action,
      origin: 'check',
      inputHash: run.inputHash,
      sdlHash: run.sdlHash,
      routingUrl: proposal.action === 'publish' ? proposal.routingUrl : null,
      baseVersion: base.version?.version ?? null,
      subgraphIdentity: run.subgraphIdentity,
      passed: run.report.passed,
      createdBy: input.checkedBy,
      report: run.report,
      git: input.git ?? null,
      contextId,
      coveredBy,
    });
  });
}

export async function getCheck(ctx: RegistryContext, id: string): Promise<SchemaCheck> {
  const check = await findCheck(ctx.db, id);
  if (!check) throw RegistryErrors.CHECK_NOT_FOUND.create({ id });
  return check;
}

export async function listVariantChecks(
  ctx: RegistryContext,
  ref: VariantRef,
  limit: number,
): Promise<SchemaCheckSummary[]> {
  const { graph } = await requireVariant(ctx.db, ref);
  return listChecks(ctx.db, graph.id, ref.variant, limit);
}

/**
 * Approves the blocking changes of a failed check (see approval-binding.ts for what the approval then lets
 * through). Admin or the subgraph's owner team, with a token that reaches the check's graph. A check that passed, did not compose, or ran against a variant or
 * subgraph that has changed since cannot be approved (409 CHECK_NOT_APPROVABLE); a check whose approval has not
 * expired is not approved again (409 CHECK_ALREADY_APPROVED). Each approval is audited once.
 */
export async function approveCheck(
  ctx: RegistryContext,
  input: { id: string; principal: Principal; reason: string | null },
): Promise<SchemaCheck> {
  return ctx.db.transaction(async (tx) => {
    const check = await findCheck(tx, input.id);
    if (!check) throw RegistryErrors.CHECK_NOT_FOUND.create({ id: input.id });
    authorize(input.principal, { action: 'read', graph: check.graph });
    const graph = await requireGraph(tx, check.graph);
    const variant = await findVariant(tx, graph.id, check.variant);
    const current = variant ? await findCurrentSubgraph(tx, variant.id, check.subgraph) : null;
    requireAdminOrOwner(input.principal, check.subgraph, current?.ownerTeam ?? null, 'approve checks');
    const notApprovable = check.passed
      ? 'the check passed'
      : (check.report.compositionErrors?.length ?? 0) > 0
        ? 'the proposal does not compose'
        : staleCheckReason(check, {
            currentVersion: variant?.currentVersion ?? null,
            subgraphIdentity: current?.identity ?? null,
          });
    if (notApprovable)
      throw RegistryErrors.CHECK_NOT_APPROVABLE.create({ id: check.id, reason: notApprovable });
    const inserted = await insertApproval(tx, {
      checkId: check.id,
      graphId: graph.id,
      variant: check.variant,
      subgraph: check.subgraph,
      inputHash: check.inputHash,
      contextId: check.contextId,
      approvedBy: input.principal.name,
      reason: input.reason,
      ttlSeconds: ctx.approvalTtlSeconds,
    });
    const approved = await findCheck(tx, check.id);
    if (!approved?.approval) throw new Error('an approval was neither stored nor found');
    if (!inserted) {
      // The standing approval, possibly one given meanwhile by a concurrent request.
      const standing = approved.approval;
      throw RegistryErrors.CHECK_ALREADY_APPROVED.create({
        id: check.id,
        approvedBy: standing.approvedBy,
        approvedAt: standing.createdAt,
        reason: standing.reason,
        expiresAt: standing.expiresAt,
      });
    }
    await appendAudit(tx, {
      graphId: graph.id,
      variant: check.variant,
      subgraph: check.subgraph,
      action: 'check.approved',
      actor: input.principal.name,
      reason: input.reason,
      checkId: check.id,
      details: {
        inputHash: check.inputHash,
        ...(check.contextId === null ? {} : { contextId: check.contextId }),
        counts: check.report.counts,
        baseVersion: check.baseVersion,
        subgraphIdentity: check.subgraphIdentity,
        expiresAt: approved.approval.expiresAt,
        ...(check.approval ? { renews: check.approval } : {}),
      },
    });
    return approved;
  });
}
