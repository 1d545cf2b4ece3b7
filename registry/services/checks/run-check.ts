import type { CompositionError } from '../../api-types.js';
import { changeFails, createCheckReport, type CheckReport, type FailOn } from '../../checks/check-report.js';
import { resolveLintConfig, type LintConfig } from '../../checks/lint/lint-config.js';
import type { Queryable } from '../../storage/database.js';
import { findLintConfig } from '../../storage/repositories/lint-configs.js';
import { listCurrentSubgraphs } from '../../storage/repositories/subgraphs.js';
import { findVersion } from '../../storage/repositories/supergraph-versions.js';
import type { VariantRow } from '../../storage/repositories/variants.js';
import type { Lane } from '../../workers/worker-pool.js';
import { sha256Hex } from '../hashing.js';
import type { RegistryContext } from '../registry-context.js';
import type { KeyedAnalysis } from '../schema-work.js';
import type { CheckBase, CheckState, ComposedSupergraph, Proposal } from './check-state.js';
import { CHECK_STAGES } from './check-stages.js';

export interface CheckRunInput {
  readonly graph: string;
  readonly graphId: number;
  readonly variant: string;
  readonly proposal: Proposal;
  readonly failOn: FailOn;
  /** Every failing change counts, whatever its usage (default false). */
  readonly skipUsage?: boolean;
  readonly checkId: string;
  /** `write` for publishes and deletes (ahead of checks in the workers' queue); default `check`. */
  readonly lane?: Lane;
  /** The analysis of an earlier run, used when the input has not changed since. */
  readonly reuse?: KeyedAnalysis | null;
}

export interface CheckRun {
  readonly report: CheckReport;
  readonly base: CheckBase;
  readonly inputHash: string;
  readonly sdlHash: string | null;
  /** The identity of the subgraph as it is now; `null` when the proposal creates it. */
  readonly subgraphIdentity: string | null;
  /** Empty unless the proposal does not compose. */
  readonly compositionErrors: CompositionError[];
  /** The proposed supergraph; `null` when composition failed or nothing is left. */
  readonly composition: ComposedSupergraph | null;
  /** The schema analysis this run made or reused. */
  readonly analysis: KeyedAnalysis | null;
}

/** Reads the variant as it is: its subgraphs and current supergraph. */
export async function loadCheckBase(db: Queryable, variant: VariantRow | null): Promise<CheckBase> {
  if (!variant) return { variantId: null, subgraphs: [], version: null };
  const subgraphs = await listCurrentSubgraphs(db, variant.id);
  const current =
    variant.currentVersion != null ? await findVersion(db, variant.id, variant.currentVersion) : null;
  return {
    variantId: variant.id,
    subgraphs,
    version: current ? { version: current.version, hash: current.hash, sdl: current.supergraphSdl } : null,
  };
}

export async function loadLintConfig(db: Queryable, graphId: number): Promise<LintConfig> {
  return resolveLintConfig((await findLintConfig(db, graphId))?.config);
}

/**
 * The input an approval is for: graph, variant, subgraph, action and the proposed SDL. An approval also binds to
 * the check's base version and subgraph identity, and expires (approval-binding.ts).
 */
export function checkInputHash(graph: string, variant: string, proposal: Proposal): string {
  const sdlHash = proposal.action === 'publish' ? sha256Hex(proposal.sdl) : null;
  return sha256Hex(JSON.stringify([graph, variant, proposal.subgraph, proposal.action, sdlHash]));
}

/** Runs every stage of CHECK_STAGES in order and builds the report. Reads only; stores nothing. */
export async function runCheck(
  ctx: RegistryContext,
  db: Queryable,
  base: CheckBase,
  input: CheckRunInput,
): Promise<CheckRun> {
  const state: CheckState = {
    ctx,
    db,
    graph: input.graph,
    graphId: input.graphId,
    variant: input.variant,
    proposal: input.proposal,
    base,
    lintConfig: await loadLintConfig(db, input.graphId),
    failOn: input.failOn,
    skipUsage: input.skipUsage ?? false,
    now: new Date(),
    lane: input.lane ?? 'check',
    reuse: input.reuse ?? null,
    lintFindings: [],
  };
  for (const stage of CHECK_STAGES) {
    if ((await stage.run(state)) === 'stop') break;
  }
  const ref = `${input.graph}@${input.variant}`;
  const report = createCheckReport({
    changes: state.changes ?? [],
    failOn: input.failOn,
    old: { name: base.version ? `${ref} v${base.version.version}` : ref, kind: 'api-schema' },
    new: { name: `${ref} with ${input.proposal.action} ${input.proposal.subgraph}`, kind: 'api-schema' },
    checkId: input.checkId,
    // Always present on a registry check, `[]` when the proposal composes.
    compositionErrors: state.compositionErrors ?? [],
    lintFindings: state.lintFindings,
    ...(state.brokenOperations ? { brokenOperations: state.brokenOperations } : {}),
  });
  return {
    report,
    base,
    inputHash: checkInputHash(input.graph, input.variant, input.proposal),
    sdlHash: input.proposal.action === 'publish' ? sha256Hex(input.proposal.sdl) : null,
    subgraphIdentity: base.subgraphs.find((s) => s.name === input.proposal.subgraph)?.identity ?? null,
    compositionErrors: state.compositionErrors ?? [],
    composition: state.composition ?? null,
    analysis: state.analysis ?? null,
  };
}

/** What makes a report fail, as stable keys: failing changes, error lint findings and broken registered operations. */
export function blockingKeys(report: CheckReport): string[] {
  return [
    ...report.changes
      .filter((change) => changeFails(change, report.failOn))
      .map((change) => `change:${change.code}:${change.coordinate}`),
    ...(report.lintFindings ?? [])
      .filter((finding) => finding.severity === 'error')
      .map((finding) => `lint:${finding.rule}:${finding.coordinate ?? ''}`),
    ...(report.brokenOperations ?? []).map(
      (broken) => `operation:${broken.client}:${broken.clientVersion}:${broken.operationId}`,
    ),
  ];
}

/** An approval covers a report when everything that blocks the report was blocking in the approved one. */
export function approvalCovers(approved: CheckReport, report: CheckReport): boolean {
  const allowed = new Set(blockingKeys(approved));
  return blockingKeys(report).every((key) => allowed.has(key));
}
