import { randomUUID } from 'node:crypto';
import type { DeleteResult, GitContext } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { insertCheck } from '../storage/repositories/schema-checks.js';
import { deleteSubgraph as deleteSubgraphRow, insertRevision } from '../storage/repositories/subgraphs.js';
import { insertNextVersion } from '../storage/repositories/supergraph-versions.js';
import { setCurrentVersion } from '../storage/repositories/variants.js';
import type { Principal } from './authentication.js';
import { loadCheckBase, runCheck } from './checks/run-check.js';
import { passWriteGate } from './checks/write-gate.js';
import { authorizeSubgraphChange } from './ownership.js';
import { snapshot } from './publish-subgraph.js';
import { subgraphNotFound } from './subgraph-not-found.js';
import type { RegistryContext } from './registry-context.js';
import type { Queryable } from '../storage/database.js';
import type { KeyedAnalysis } from './schema-work.js';
import { requireVariant, type VariantRef } from './variants.js';
import { withVariantLock } from './variant-lock.js';

export interface DeleteInput extends VariantRef {
  subgraph: string;
  principal: Principal;
  /** Delete even though the check fails: admin or owner only, with a reason. */
  force?: boolean | undefined;
  reason?: string | undefined;
  git?: GitContext | null;
  contextId?: string | null;
}

/**
 * Deletes a subgraph and recomposes the rest under the variant lock, gated like a publish: the same check as
 * `subgraph check --delete`, stored with origin `delete`. COMPOSITION_FAILED (nothing stored) when the rest
 * does not compose. A failed check blocks the delete (`status: "blocked"`, the check and a `delete.blocked`
 * audit entry are kept) unless an approval of the same input covers it or the admin-or-owner caller forces it.
 * Deleting the last subgraph leaves the variant without a supergraph.
 */
export async function deleteSubgraph(ctx: RegistryContext, input: DeleteInput): Promise<DeleteResult> {
  if (input.force && !input.reason?.trim()) throw RegistryErrors.REASON_REQUIRED.create();
  return withVariantLock(ctx, input.graph, input.variant, {
    prepare: (db) => analyzeOutsideTransaction(ctx, db, input),
    write: (tx, prepared) => deleteInTransaction(ctx, tx, input, prepared),
  });
}

async function deleteInTransaction(
  ctx: RegistryContext,
  tx: Queryable,
  input: DeleteInput,
  prepared: KeyedAnalysis | null,
): Promise<DeleteResult> {
  const ref = { graph: input.graph, variant: input.variant };
  const actor = input.principal.name;
  const { graph, variant } = await requireVariant(tx, ref);
  const base = await loadCheckBase(tx, variant);
  const existing = base.subgraphs.find((subgraph) => subgraph.name === input.subgraph);
  if (!existing) throw await subgraphNotFound(tx, variant.id, ref, input.subgraph);
  authorizeSubgraphChange(input.principal, input.subgraph, existing.ownerTeam);

  const checkId = randomUUID();
  const run = await runCheck(ctx, tx, base, {
    graph: input.graph,
    graphId: graph.id,
    variant: input.variant,
    proposal: { action: 'delete', subgraph: input.subgraph },
    failOn: 'breaking',
    checkId,
    lane: 'write',
    reuse: prepared,
  });
  if (run.compositionErrors.length > 0) {
    throw RegistryErrors.COMPOSITION_FAILED.create({ errors: run.compositionErrors });
  }
  const check = await insertCheck(tx, {
    id: checkId,
    graphId: graph.id,
    variant: input.variant,
    subgraph: input.subgraph,
    action: 'delete',
    origin: 'delete',
    inputHash: run.inputHash,
    sdlHash: null,
    routingUrl: null,
    baseVersion: base.version?.version ?? null,
    subgraphIdentity: run.subgraphIdentity,
    passed: run.report.passed,
    createdBy: actor,
    report: run.report,
    git: input.git ?? null,
    contextId: input.contextId ?? null,
    coveredBy: null,
  });
  const gate = await passWriteGate(
    tx,
    {
      action: 'delete',
      graphId: graph.id,
      variant: input.variant,
      subgraph: input.subgraph,
      principal: input.principal,
      ownerTeam: existing.ownerTeam,
      force: input.force,
      reason: input.reason,
      git: input.git ?? null,
      contextId: input.contextId ?? null,
    },
    run,
  );
  if (!gate.open) return { status: 'blocked', check, ignoredApprovals: gate.ignoredApprovals };

  let version = null;
  if (run.composition) {
    version = await insertNextVersion(tx, {
      variantId: variant.id,
      hash: run.composition.hash,
      sdl: run.composition.sdl,
      publishedBy: actor,
      change: { action: 'delete', subgraph: input.subgraph },
      subgraphs: snapshot(base.subgraphs.filter((subgraph) => subgraph.name !== input.subgraph)),
      changelog: run.report.changes,
      git: input.git ?? null,
    });
  }
  await deleteSubgraphRow(tx, variant.id, input.subgraph);
  await setCurrentVersion(tx, variant.id, version?.version ?? null);
  await insertRevision(tx, {
    variantId: variant.id,
    name: input.subgraph,
    action: 'delete',
    routingUrl: null,
    sdlHash: null,
    supergraphVersion: version?.version ?? null,
    publishedBy: actor,
  });
  return { status: 'deleted', version, checkId, bypass: gate.bypass };
}

/** The delete's analysis, made before its transaction (see publish-subgraph.ts); writes nothing. */
async function analyzeOutsideTransaction(
  ctx: RegistryContext,
  db: Queryable,
  input: DeleteInput,
): Promise<KeyedAnalysis | null> {
  const { graph, variant } = await requireVariant(db, input);
  const base = await loadCheckBase(db, variant);
  const existing = base.subgraphs.find((subgraph) => subgraph.name === input.subgraph);
  if (!existing) throw await subgraphNotFound(db, variant.id, input, input.subgraph);
  authorizeSubgraphChange(input.principal, input.subgraph, existing.ownerTeam);
  const run = await runCheck(ctx, db, base, {
    graph: input.graph,
    graphId: graph.id,
    variant: input.variant,
    proposal: { action: 'delete', subgraph: input.subgraph },
    failOn: 'breaking',
    checkId: 'unused',
    lane: 'write',
  });
  return run.analysis;
}
