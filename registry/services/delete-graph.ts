import type { GraphInfo, VariantInfo } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { appendAudit } from '../storage/repositories/audit-log.js';
import { appendRegistryAudit } from '../storage/repositories/registry-audit.js';
import { toIso } from '../storage/repositories/timestamps.js';
import { listVariantNames } from '../storage/repositories/variants.js';
import type { Principal } from './authentication.js';
import { requireGraph } from './graphs.js';
import type { RegistryContext } from './registry-context.js';
import { lockVariantInTransaction, withVariantLock } from './variant-lock.js';
import { requireVariant, type VariantRef } from './variants.js';

export interface DeletionInput {
  principal: Principal;
  /** Must repeat the name: the graph's, or `graph@variant`. */
  confirm: string | undefined;
  reason: string | undefined;
}

function requireConfirmation(operation: string, expected: string, confirm: string | undefined): void {
  if (confirm !== expected) throw RegistryErrors.CONFIRMATION_REQUIRED.create({ operation, expected });
}

/**
 * Deletes a graph and everything in it: variants, subgraphs, supergraph versions, checks, approvals, lint
 * configuration, client records and its audit log. Holds every variant's lock, so no publish is half-way. The
 * deletion is recorded registry-wide (`graph.deleted`, which outlives the graph): reads and hub polls of the
 * graph then answer 404 GRAPH_DELETED naming who deleted it and when.
 */
export async function deleteGraph(
  ctx: RegistryContext,
  name: string,
  input: DeletionInput,
): Promise<GraphInfo & { variants: string[] }> {
  requireConfirmation(`delete graph "${name}"`, name, input.confirm);
  return ctx.db.transaction(async (tx) => {
    const graph = await requireGraph(tx, name);
    const variants = await listVariantNames(tx, graph.id);
    for (const variant of variants) await lockVariantInTransaction(tx, name, variant);
    const counts = await tx.query<{ subgraphs: string | number; versions: string | number }>(
      `SELECT (SELECT count(*) FROM subgraphs s JOIN variants v ON v.id = s.variant_id WHERE v.graph_id = $1) AS subgraphs,
              (SELECT count(*) FROM supergraph_versions sv JOIN variants v ON v.id = sv.variant_id
                WHERE v.graph_id = $1) AS versions`,
      [graph.id],
    );
    await tx.query('DELETE FROM graphs WHERE id = $1', [graph.id]);
    await appendRegistryAudit(tx, {
      action: 'graph.deleted',
      graph: name,
      variant: null,
      actor: input.principal.name,
      reason: input.reason?.trim() || null,
      details: {
        createdAt: graph.createdAt,
        variants,
        subgraphs: Number(counts[0]?.subgraphs ?? 0),
        versions: Number(counts[0]?.versions ?? 0),
      },
    });
    return { name: graph.name, createdAt: graph.createdAt, variants };
  });
}

/**
 * Deletes a variant with its subgraphs, supergraph versions and checks, under its lock. The graph's audit log
 * keeps its entries and gets `variant.deleted`; the registry-wide log too, so reads and hub polls of it answer 404
 * VARIANT_DELETED. A later publish creates the variant again, from nothing.
 */
export async function deleteVariant(
  ctx: RegistryContext,
  ref: VariantRef,
  input: DeletionInput,
): Promise<VariantInfo & { subgraphs: string[]; versions: number }> {
  requireConfirmation(
    `delete variant ${ref.graph}@${ref.variant}`,
    `${ref.graph}@${ref.variant}`,
    input.confirm,
  );
  return withVariantLock(ctx, ref.graph, ref.variant, {
    prepare: () => Promise.resolve(undefined),
    write: async (tx) => {
      const { graph, variant } = await requireVariant(tx, ref);
      const rows = await tx.query<{ created_at: Date; subgraphs: string[]; versions: string | number }>(
        `SELECT v.created_at,
                COALESCE((SELECT array_agg(name ORDER BY name COLLATE "C") FROM subgraphs WHERE variant_id = v.id), '{}') AS subgraphs,
                (SELECT count(*) FROM supergraph_versions WHERE variant_id = v.id) AS versions
           FROM variants v WHERE v.id = $1`,
        [variant.id],
      );
      const subgraphs = rows[0]?.subgraphs ?? [];
      const versions = Number(rows[0]?.versions ?? 0);
      await tx.query('DELETE FROM schema_checks WHERE graph_id = $1 AND variant = $2', [
        graph.id,
        ref.variant,
      ]);
      await tx.query('DELETE FROM variants WHERE id = $1', [variant.id]);
      const reason = input.reason?.trim() || null;
      const details = { subgraphs, versions };
      await appendAudit(tx, {
        graphId: graph.id,
        variant: ref.variant,
        subgraph: null,
        action: 'variant.deleted',
        actor: input.principal.name,
        reason,
        checkId: null,
        details,
      });
      await appendRegistryAudit(tx, {
        action: 'variant.deleted',
        graph: ref.graph,
        variant: ref.variant,
        actor: input.principal.name,
        reason,
        details,
      });
      const createdAt = rows[0]?.created_at;
      return {
        graph: ref.graph,
        name: ref.variant,
        createdAt: createdAt ? toIso(createdAt) : '',
        subgraphs,
        versions,
      };
    },
  });
}
