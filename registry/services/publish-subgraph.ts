import { randomUUID } from 'node:crypto';
import type { GitContext, PublishResult, SubgraphSnapshot } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { compareNames } from '../names.js';
import { appendAudit } from '../storage/repositories/audit-log.js';
import { insertCheck } from '../storage/repositories/schema-checks.js';
import { storeSchema } from '../storage/repositories/schemas.js';
import { insertRevision, setSubgraphOwner, upsertSubgraph } from '../storage/repositories/subgraphs.js';
import { findVersionSummary, insertNextVersion } from '../storage/repositories/supergraph-versions.js';
import { ensureVariant, findVariant, setCurrentVersion } from '../storage/repositories/variants.js';
import type { Queryable } from '../storage/database.js';
import type { Principal } from './authentication.js';
import { loadCheckBase, runCheck } from './checks/run-check.js';
import { passWriteGate } from './checks/write-gate.js';
import type { SubgraphSource } from './composition.js';
import { requireGraph } from './graphs.js';
import { sha256Hex } from './hashing.js';
import { authorizeSubgraphChange, resolveOwner } from './ownership.js';
import type { RegistryContext } from './registry-context.js';
import type { KeyedAnalysis } from './schema-work.js';
import type { VariantRef } from './variant-reads.js';
import { withVariantLock } from './variant-lock.js';

export interface PublishInput extends VariantRef {
  subgraph: string;
  sdl: string;
  routingUrl: string;
  principal: Principal;
  ownerTeam?: string | undefined;
  ownerContact?: string | undefined;
  /** Publish even though the check fails: admin or owner only, with a reason. */
  force?: boolean | undefined;
  reason?: string | undefined;
  git?: GitContext | null;
  /** Approvals of earlier checks with this context id apply too. */
  contextId?: string | null;
}

/**
 * Publishes a subgraph under the variant lock: the same check as `subgraph check` (composition, client impact,
 * lint), stored with origin `publish`. Composition errors throw COMPOSITION_FAILED (nothing stored). A failed
 * check blocks the publish (`status: "blocked"`, the check and a `publish.blocked` audit entry are kept) unless an
 * approval of the same input covers it or the admin-or-owner caller forces it; both are audited.
 */
export async function publishSubgraph(ctx: RegistryContext, input: PublishInput): Promise<PublishResult> {
  const sdlHash = sha256Hex(input.sdl);
  await ctx.schemaWork.inspectSdl(input.subgraph, input.sdl, sdlHash, 'write');
  ctx.routingUrls.check(input.routingUrl);
  if (input.force && !input.reason?.trim()) throw RegistryErrors.REASON_REQUIRED.create();
  const actor = input.principal.name;
  return withVariantLock(ctx, input.graph, input.variant, {
    prepare: (db) => analyzeOutsideTransaction(ctx, db, input, sdlHash),
    write: async (tx, prepared) => {
      const graph = await requireGraph(tx, input.graph);
      const { variant, created: variantCreated } = await ensureVariant(tx, graph.id, input.variant);
      const base = await loadCheckBase(tx, variant);
      const existing = base.subgraphs.find((subgraph) => subgraph.name === input.subgraph) ?? null;
      authorizeSubgraphChange(input.principal, input.subgraph, existing?.ownerTeam ?? null);
      const owner = resolveOwner(
        input.principal,
        input.subgraph,
        existing ? { team: existing.ownerTeam, contact: existing.ownerContact } : null,
        { team: input.ownerTeam, contact: input.ownerContact },
      );
      const audit = { graphId: graph.id, variant: input.variant, subgraph: input.subgraph, actor };

      if (existing && existing.sdlHash === sdlHash && existing.routingUrl === input.routingUrl) {
        const version =
          variant.currentVersion != null
            ? await findVersionSummary(tx, variant.id, variant.currentVersion)
            : null;
        if (version) {
          if (owner.team !== existing.ownerTeam || owner.contact !== existing.ownerContact) {
            await setSubgraphOwner(tx, variant.id, input.subgraph, owner);
            await appendAudit(tx, {
              ...audit,
              action: 'subgraph.owner-changed',
              reason: null,
              checkId: null,
              details: { ...owner },
            });
          }
          return { status: 'unchanged', version };
        }
      }

      const checkId = randomUUID();
      const proposal = {
        action: 'publish' as const,
        subgraph: input.subgraph,
        sdl: input.sdl,
        routingUrl: input.routingUrl,
      };
      const run = await runCheck(ctx, tx, base, {
        graph: input.graph,
        graphId: graph.id,
        variant: input.variant,
        proposal,
        failOn: 'breaking',
        checkId,
        lane: 'write',
        reuse: prepared,
      });
      if (run.compositionErrors.length > 0 || !run.composition) {
        throw RegistryErrors.COMPOSITION_FAILED.create({ errors: run.compositionErrors });
      }
      await storeSchema(tx, sdlHash, input.sdl);
      const check = await insertCheck(tx, {
        id: checkId,
        graphId: graph.id,
        variant: input.variant,
        subgraph: input.subgraph,
        action: 'publish',
        origin: 'publish',
        inputHash: run.inputHash,
        sdlHash,
        routingUrl: input.routingUrl,
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
          action: 'publish',
          graphId: graph.id,
          variant: input.variant,
          subgraph: input.subgraph,
          principal: input.principal,
          ownerTeam: existing ? existing.ownerTeam : owner.team,
          force: input.force,
          reason: input.reason,
          git: input.git ?? null,
          contextId: input.contextId ?? null,
        },
        run,
      );
      if (!gate.open) return { status: 'blocked', check, ignoredApprovals: gate.ignoredApprovals };

      const composition = run.composition;
      await upsertSubgraph(tx, {
        variantId: variant.id,
        name: input.subgraph,
        routingUrl: input.routingUrl,
        sdlHash,
        publishedBy: actor,
        ownerTeam: owner.team,
        ownerContact: owner.contact,
      });
      const proposed: SubgraphSource[] = [
        ...base.subgraphs.filter((subgraph) => subgraph.name !== input.subgraph),
        { name: input.subgraph, routingUrl: input.routingUrl, sdl: input.sdl },
      ];
      const version = await insertNextVersion(tx, {
        variantId: variant.id,
        hash: composition.hash,
        sdl: composition.sdl,
        publishedBy: actor,
        change: { action: 'publish', subgraph: input.subgraph },
        subgraphs: snapshot(proposed),
        changelog: run.report.changes,
        git: input.git ?? null,
      });
      await setCurrentVersion(tx, variant.id, version.version);
      await insertRevision(tx, {
        variantId: variant.id,
        name: input.subgraph,
        action: 'publish',
        routingUrl: input.routingUrl,
        sdlHash,
        supergraphVersion: version.version,
        publishedBy: actor,
      });
      return {
        status: 'published',
        version,
        created: !existing,
        variantCreated,
        checkId,
        bypass: gate.bypass,
      };
    },
  });
}

/**
 * The publish's analysis, made before its transaction so that composing holds no transaction open: `null` when
 * there is nothing to compose (unchanged SDL and URL). Throws what the transaction would (UNKNOWN_GRAPH,
 * FORBIDDEN) before any work is done; writes nothing.
 */
async function analyzeOutsideTransaction(
  ctx: RegistryContext,
  db: Queryable,
  input: PublishInput,
  sdlHash: string,
): Promise<KeyedAnalysis | null> {
  const graph = await requireGraph(db, input.graph);
  const variant = await findVariant(db, graph.id, input.variant);
  const base = await loadCheckBase(db, variant);
  const existing = base.subgraphs.find((subgraph) => subgraph.name === input.subgraph) ?? null;
  authorizeSubgraphChange(input.principal, input.subgraph, existing?.ownerTeam ?? null);
  if (existing && existing.sdlHash === sdlHash && existing.routingUrl === input.routingUrl) return null;
  const run = await runCheck(ctx, db, base, {
    graph: input.graph,
    graphId: graph.id,
    variant: input.variant,
    proposal: { action: 'publish', subgraph: input.subgraph, sdl: input.sdl, routingUrl: input.routingUrl },
    failOn: 'breaking',
    checkId: 'unused',
    lane: 'write',
  });
  return run.analysis;
}

/** The subgraphs a version was composed from, sorted by name. */
export function snapshot(subgraphs: readonly SubgraphSource[]): SubgraphSnapshot[] {
  return [...subgraphs]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((subgraph) => ({
      name: subgraph.name,
      routingUrl: subgraph.routingUrl,
      sdlHash: sha256Hex(subgraph.sdl),
    }));
}
