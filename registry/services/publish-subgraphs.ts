import { randomUUID } from 'node:crypto';
import type { BatchPublishResult, GitContext, SubgraphWithSdl } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import type { Queryable } from '../storage/database.js';
import { appendAudit } from '../storage/repositories/audit-log.js';
import { insertCheck } from '../storage/repositories/schema-checks.js';
import { storeSchema } from '../storage/repositories/schemas.js';
import { insertRevision, upsertSubgraph } from '../storage/repositories/subgraphs.js';
import { findVersionSummary, insertNextVersion } from '../storage/repositories/supergraph-versions.js';
import { ensureVariant, findVariant, setCurrentVersion } from '../storage/repositories/variants.js';
import type { Principal } from './authentication.js';
import type { CheckBase } from './checks/check-state.js';
import { loadCheckBase, runCheck, type CheckRun } from './checks/run-check.js';
import { judgeWriteGate, type JudgedGate } from './checks/write-gate.js';
import { requireGraph } from './graphs.js';
import { sha256Hex } from './hashing.js';
import { authorizeSubgraphChange, resolveOwner } from './ownership.js';
import { snapshot } from './publish-subgraph.js';
import type { RegistryContext } from './registry-context.js';
import type { KeyedAnalysis } from './schema-work.js';
import type { VariantRef } from './variant-reads.js';
import { withVariantLock } from './variant-lock.js';

export interface BatchSubgraph {
  name: string;
  sdl: string;
  routingUrl: string;
}

export interface BatchPublishInput extends VariantRef {
  subgraphs: BatchSubgraph[];
  principal: Principal;
  force?: boolean | undefined;
  reason?: string | undefined;
  git?: GitContext | null;
  contextId?: string | null;
}

/**
 * Publishes several subgraphs at once under the variant lock: they are composed together (with the variant's other
 * subgraphs), so subgraphs that extend each other's entities can be published in one step; one new supergraph
 * version, or nothing. Each changed subgraph gets its check (origin `publish`, reporting the changes of the whole
 * batch) and passes the same gate as a single publish: ownership (FORBIDDEN for any subgraph the caller may not
 * change), approval of that check's input or context id, or `force` from an admin or the owner. When any gate
 * stays shut, nothing is published: the checks and the `publish.blocked` entries are kept, `status: "blocked"`.
 */
export async function publishSubgraphs(
  ctx: RegistryContext,
  input: BatchPublishInput,
): Promise<BatchPublishResult> {
  for (const subgraph of input.subgraphs) {
    await ctx.schemaWork.inspectSdl(subgraph.name, subgraph.sdl, sha256Hex(subgraph.sdl), 'write');
    ctx.routingUrls.check(subgraph.routingUrl);
  }
  if (input.force && !input.reason?.trim()) throw RegistryErrors.REASON_REQUIRED.create();
  const actor = input.principal.name;
  return withVariantLock(ctx, input.graph, input.variant, {
    prepare: (db) => analyzeOutsideTransaction(ctx, db, input),
    write: async (tx, prepared) => {
      const graph = await requireGraph(tx, input.graph);
      const { variant, created: variantCreated } = await ensureVariant(tx, graph.id, input.variant);
      const base = await loadCheckBase(tx, variant);
      const current = new Map(base.subgraphs.map((subgraph) => [subgraph.name, subgraph]));
      for (const subgraph of input.subgraphs) {
        authorizeSubgraphChange(
          input.principal,
          subgraph.name,
          current.get(subgraph.name)?.ownerTeam ?? null,
        );
      }
      const changed = input.subgraphs.filter(
        (subgraph) => !isUnchanged(current.get(subgraph.name), subgraph),
      );
      if (changed.length === 0 && variant.currentVersion != null) {
        const version = await findVersionSummary(tx, variant.id, variant.currentVersion);
        if (version) return { status: 'unchanged', version };
      }
      const toPublish = changed.length > 0 ? changed : input.subgraphs;

      const runs: { subgraph: BatchSubgraph; run: CheckRun; checkId: string }[] = [];
      for (const subgraph of toPublish) {
        const checkId = randomUUID();
        const run = await runBatchCheck(
          ctx,
          tx,
          base,
          input,
          graph.id,
          subgraph,
          toPublish,
          checkId,
          prepared,
        );
        if (run.compositionErrors.length > 0 || !run.composition) {
          throw RegistryErrors.COMPOSITION_FAILED.create({ errors: run.compositionErrors });
        }
        runs.push({ subgraph, run, checkId });
      }

      const judged: { subgraph: BatchSubgraph; run: CheckRun; checkId: string; gate: JudgedGate }[] = [];
      for (const entry of runs) {
        const existing = current.get(entry.subgraph.name);
        const owner = resolveOwner(input.principal, entry.subgraph.name, ownerOf(existing), {});
        const gate = await judgeWriteGate(
          tx,
          {
            action: 'publish',
            graphId: graph.id,
            variant: input.variant,
            subgraph: entry.subgraph.name,
            principal: input.principal,
            ownerTeam: existing ? existing.ownerTeam : owner.team,
            force: input.force,
            reason: input.reason,
            git: input.git ?? null,
            contextId: input.contextId ?? null,
          },
          entry.run,
        );
        judged.push({ ...entry, gate });
      }

      const checks = [];
      for (const entry of judged) {
        await storeSchema(tx, sha256Hex(entry.subgraph.sdl), entry.subgraph.sdl);
        const check = await insertCheck(tx, {
          id: entry.checkId,
          graphId: graph.id,
          variant: input.variant,
          subgraph: entry.subgraph.name,
          action: 'publish',
          origin: 'publish',
          inputHash: entry.run.inputHash,
          sdlHash: sha256Hex(entry.subgraph.sdl),
          routingUrl: entry.subgraph.routingUrl,
          baseVersion: base.version?.version ?? null,
          subgraphIdentity: entry.run.subgraphIdentity,
          passed: entry.run.report.passed,
          createdBy: actor,
          report: entry.run.report,
          git: input.git ?? null,
          contextId: input.contextId ?? null,
          coveredBy: null,
        });
        checks.push({ entry, check });
      }

      const shut = checks.filter(({ entry }) => !entry.gate.outcome.open);
      if (shut.length > 0) {
        // Nothing is published: only the refusals are audited (an approval or force of another subgraph of the
        // batch let nothing through).
        for (const { entry } of shut) if (entry.gate.audit) await appendAudit(tx, entry.gate.audit);
        return {
          status: 'blocked',
          blocked: shut.map(({ entry, check }) => ({
            subgraph: entry.subgraph.name,
            check,
            ignoredApprovals: entry.gate.outcome.open ? [] : entry.gate.outcome.ignoredApprovals,
          })),
        };
      }
      for (const { entry } of checks) if (entry.gate.audit) await appendAudit(tx, entry.gate.audit);

      const last = runs[runs.length - 1];
      const composition = last?.run.composition;
      if (!last || !composition) throw new Error('a batch publish composed nothing');
      const names = toPublish.map((subgraph) => subgraph.name).sort();
      for (const subgraph of toPublish) {
        const existing = current.get(subgraph.name);
        const owner = resolveOwner(input.principal, subgraph.name, ownerOf(existing), {});
        await upsertSubgraph(tx, {
          variantId: variant.id,
          name: subgraph.name,
          routingUrl: subgraph.routingUrl,
          sdlHash: sha256Hex(subgraph.sdl),
          publishedBy: actor,
          ownerTeam: owner.team,
          ownerContact: owner.contact,
        });
      }
      const published = new Set(names);
      const proposed = [
        ...base.subgraphs.filter((subgraph) => !published.has(subgraph.name)),
        ...toPublish.map(({ name, routingUrl, sdl }) => ({ name, routingUrl, sdl })),
      ];
      const version = await insertNextVersion(tx, {
        variantId: variant.id,
        hash: composition.hash,
        sdl: composition.sdl,
        publishedBy: actor,
        change: { action: 'publish', subgraph: names[0] ?? '', subgraphs: names },
        subgraphs: snapshot(proposed),
        changelog: last.run.report.changes,
        git: input.git ?? null,
      });
      await setCurrentVersion(tx, variant.id, version.version);
      for (const subgraph of toPublish) {
        await insertRevision(tx, {
          variantId: variant.id,
          name: subgraph.name,
          action: 'publish',
          routingUrl: subgraph.routingUrl,
          sdlHash: sha256Hex(subgraph.sdl),
          supergraphVersion: version.version,
          publishedBy: actor,
        });
      }
      return {
        status: 'published',
        version,
        variantCreated,
        subgraphs: judged.map((entry) => ({
          name: entry.subgraph.name,
          created: !current.has(entry.subgraph.name),
          checkId: entry.checkId,
          bypass: entry.gate.outcome.open ? entry.gate.outcome.bypass : null,
        })),
        unchanged: input.subgraphs
          .filter((subgraph) => !toPublish.includes(subgraph))
          .map((subgraph) => subgraph.name)
          .sort(),
      };
    },
  });
}

function isUnchanged(existing: SubgraphWithSdl | undefined, proposed: BatchSubgraph): boolean {
  return (
    existing !== undefined &&
    existing.sdlHash === sha256Hex(proposed.sdl) &&
    existing.routingUrl === proposed.routingUrl
  );
}

function ownerOf(
  existing: SubgraphWithSdl | undefined,
): { team: string | null; contact: string | null } | null {
  return existing ? { team: existing.ownerTeam, contact: existing.ownerContact } : null;
}

/**
 * The batch's analyses, made before its transaction so that composing holds no transaction open (see
 * publish-subgraph.ts): by subgraph name, reused inside the transaction when nothing changed meanwhile. Throws what
 * the transaction would (UNKNOWN_GRAPH, FORBIDDEN) before any work is done; writes nothing.
 */
async function analyzeOutsideTransaction(
  ctx: RegistryContext,
  db: Queryable,
  input: BatchPublishInput,
): Promise<ReadonlyMap<string, KeyedAnalysis>> {
  const graph = await requireGraph(db, input.graph);
  const base = await loadCheckBase(db, await findVariant(db, graph.id, input.variant));
  const current = new Map(base.subgraphs.map((subgraph) => [subgraph.name, subgraph]));
  for (const subgraph of input.subgraphs) {
    authorizeSubgraphChange(input.principal, subgraph.name, current.get(subgraph.name)?.ownerTeam ?? null);
  }
  const changed = input.subgraphs.filter((subgraph) => !isUnchanged(current.get(subgraph.name), subgraph));
  const toPublish = changed.length > 0 ? changed : input.subgraphs;
  const analyses = new Map<string, KeyedAnalysis>();
  for (const subgraph of toPublish) {
    const run = await runBatchCheck(ctx, db, base, input, graph.id, subgraph, toPublish, 'unused');
    if (run.compositionErrors.length > 0) break;
    if (run.analysis) analyses.set(subgraph.name, run.analysis);
  }
  return analyses;
}

/** The check of one subgraph of the batch: its SDL composed with the rest of the batch in place. */
function runBatchCheck(
  ctx: RegistryContext,
  tx: Queryable,
  base: CheckBase,
  input: BatchPublishInput,
  graphId: number,
  subgraph: BatchSubgraph,
  batch: readonly BatchSubgraph[],
  checkId: string,
  prepared?: ReadonlyMap<string, KeyedAnalysis>,
): Promise<CheckRun> {
  return runCheck(ctx, tx, base, {
    graph: input.graph,
    graphId,
    variant: input.variant,
    proposal: {
      action: 'publish',
      subgraph: subgraph.name,
      sdl: subgraph.sdl,
      routingUrl: subgraph.routingUrl,
      alongside: batch.filter((other) => other.name !== subgraph.name),
    },
    failOn: 'breaking',
    checkId,
    lane: 'write',
    reuse: prepared?.get(subgraph.name) ?? null,
  });
}
