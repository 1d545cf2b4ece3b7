import type { AuditEntry, ChangelogEntry, GraphLintConfig } from '../api-types.js';
import {
  LINT_RULES,
  resolveLintConfig,
  type LintConfig,
  type LintLevel,
  type LintRule,
} from '../checks/lint/lint-config.js';
import { appendAudit, listAudit } from '../storage/repositories/audit-log.js';
import { findLintConfig, upsertLintConfig } from '../storage/repositories/lint-configs.js';
import { setSubgraphOwner, findCurrentSubgraph } from '../storage/repositories/subgraphs.js';
import { listChangelog } from '../storage/repositories/supergraph-versions.js';
import type { Principal } from './authentication.js';
import { requireGraph } from './graphs.js';
import { authorizeSubgraphChange, resolveOwner, type Owner } from './ownership.js';
import type { RegistryContext } from './registry-context.js';
import { subgraphNotFound } from './subgraph-not-found.js';
import { requireVariant, type VariantRef } from './variants.js';

export async function getAuditLog(
  ctx: RegistryContext,
  ref: VariantRef,
  limit: number,
): Promise<AuditEntry[]> {
  const { graph } = await requireVariant(ctx.db, ref);
  return listAudit(ctx.db, graph.id, ref.variant, limit);
}

/** `since`: a version number (versions after it) or an ISO date (versions created at or after it). */
export type ChangelogSince = { version: number } | { date: string } | null;

export async function getChangelog(
  ctx: RegistryContext,
  ref: VariantRef,
  since: ChangelogSince,
): Promise<ChangelogEntry[]> {
  const { variant } = await requireVariant(ctx.db, ref);
  return listChangelog(ctx.db, variant.id, {
    version: since && 'version' in since ? since.version : undefined,
    date: since && 'date' in since ? since.date : undefined,
  });
}

export async function getLintConfig(ctx: RegistryContext, graphName: string): Promise<GraphLintConfig> {
  const graph = await requireGraph(ctx.db, graphName);
  const stored = await findLintConfig(ctx.db, graph.id);
  return {
    graph: graph.name,
    config: resolveLintConfig(stored?.config),
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt ?? null,
  };
}

export interface LintConfigUpdate {
  rules?: Partial<Record<LintRule, LintLevel>> | undefined;
  deprecationGracePeriodDays?: number | undefined;
}

/** Merges the update into the graph's configuration (admin) and audits the change. */
export async function updateLintConfig(
  ctx: RegistryContext,
  graphName: string,
  update: LintConfigUpdate,
  principal: Principal,
): Promise<GraphLintConfig> {
  await ctx.db.transaction(async (tx) => {
    const graph = await requireGraph(tx, graphName);
    const current = resolveLintConfig((await findLintConfig(tx, graph.id))?.config);
    const next: LintConfig = {
      rules: { ...current.rules, ...update.rules },
      deprecationGracePeriodDays: update.deprecationGracePeriodDays ?? current.deprecationGracePeriodDays,
    };
    await upsertLintConfig(tx, graph.id, next, principal.name);
    const changed = LINT_RULES.filter((rule) => current.rules[rule] !== next.rules[rule]);
    await appendAudit(tx, {
      graphId: graph.id,
      variant: null,
      subgraph: null,
      action: 'lint-config.changed',
      actor: principal.name,
      reason: null,
      checkId: null,
      details: { before: current, after: next, changedRules: changed },
    });
  });
  return getLintConfig(ctx, graphName);
}

/** Sets a subgraph's owner team and contact: admins always; the owner team may change the contact. */
export async function setOwner(
  ctx: RegistryContext,
  ref: VariantRef & { subgraph: string },
  requested: { team?: string | undefined; contact?: string | undefined },
  principal: Principal,
): Promise<Owner> {
  return ctx.db.transaction(async (tx) => {
    const { graph, variant } = await requireVariant(tx, ref);
    const subgraph = await findCurrentSubgraph(tx, variant.id, ref.subgraph);
    if (!subgraph) throw await subgraphNotFound(tx, variant.id, ref, ref.subgraph);
    authorizeSubgraphChange(principal, ref.subgraph, subgraph.ownerTeam);
    const owner = resolveOwner(
      principal,
      ref.subgraph,
      { team: subgraph.ownerTeam, contact: subgraph.ownerContact },
      requested,
    );
    await setSubgraphOwner(tx, variant.id, ref.subgraph, owner);
    await appendAudit(tx, {
      graphId: graph.id,
      variant: ref.variant,
      subgraph: ref.subgraph,
      action: 'subgraph.owner-changed',
      actor: principal.name,
      reason: null,
      checkId: null,
      details: { before: { team: subgraph.ownerTeam, contact: subgraph.ownerContact }, after: owner },
    });
    return owner;
  });
}
