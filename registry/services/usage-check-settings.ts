/**
 * The settings of usage-aware checks (docs/checks.md, "Usage-aware checks"): per graph, and per variant in place
 * of the graph's. Reading is for any token that reaches the graph; changing is for admins, and audited
 * (`usage-check-settings.changed`).
 */
import { appendAudit } from '../storage/repositories/audit-log.js';
import {
  deleteUsageCheckSettings,
  findUsageCheckSettings,
  upsertUsageCheckSettings,
} from '../storage/repositories/usage-check-settings.js';
import type { Queryable } from '../storage/database.js';
import type { UsageCheckSettings, UsageCheckSettingsView } from '../usage-types.js';
import type { Principal } from './authentication.js';
import { requireGraph } from './graphs.js';
import type { RegistryContext } from './registry-context.js';
import { requireVariant } from './variants.js';

export const DEFAULT_USAGE_CHECK_SETTINGS: Readonly<UsageCheckSettings> = Object.freeze({
  period: '7d',
  thresholdRequests: 0,
  thresholdPercentage: 0,
  excludedClients: [],
  excludedClientVersions: [],
});

/** The settings that apply to `variant` (`null`: the graph's own), and where they come from. */
export async function effectiveUsageCheckSettings(
  db: Queryable,
  graphId: number,
  variant: string | null,
): Promise<Omit<UsageCheckSettingsView, 'graph' | 'variant'>> {
  const [first] = await findUsageCheckSettings(db, graphId, variant);
  if (!first) {
    return {
      settings: { ...DEFAULT_USAGE_CHECK_SETTINGS },
      source: 'default',
      updatedBy: null,
      updatedAt: null,
    };
  }
  return {
    settings: first.settings,
    source: first.variant === '' ? 'graph' : 'variant',
    updatedBy: first.updatedBy,
    updatedAt: first.updatedAt,
  };
}

async function target(db: Queryable, graph: string, variant: string | null): Promise<number> {
  if (variant === null) return (await requireGraph(db, graph)).id;
  return (await requireVariant(db, { graph, variant })).graph.id;
}

export async function getUsageCheckSettings(
  ctx: RegistryContext,
  graph: string,
  variant: string | null,
): Promise<UsageCheckSettingsView> {
  const graphId = await target(ctx.db, graph, variant);
  return { graph, variant, ...(await effectiveUsageCheckSettings(ctx.db, graphId, variant)) };
}

/**
 * Changes the settings of the graph (`variant` null) or of one variant: the fields given replace those that
 * applied until now (a variant's first settings start from the graph's), the others stay.
 */
export type UsageCheckSettingsUpdate = {
  [K in keyof UsageCheckSettings]?: UsageCheckSettings[K] | undefined;
};

export async function updateUsageCheckSettings(
  ctx: RegistryContext,
  graph: string,
  variant: string | null,
  update: UsageCheckSettingsUpdate,
  principal: Principal,
): Promise<UsageCheckSettingsView> {
  await ctx.db.transaction(async (tx) => {
    const graphId = await target(tx, graph, variant);
    const before = await effectiveUsageCheckSettings(tx, graphId, variant);
    const next: UsageCheckSettings = { ...before.settings, ...definedOnly(update) };
    await upsertUsageCheckSettings(tx, graphId, variant ?? '', next, principal.name);
    await appendAudit(tx, {
      graphId,
      variant,
      subgraph: null,
      action: 'usage-check-settings.changed',
      actor: principal.name,
      reason: null,
      checkId: null,
      details: { before: before.settings, after: next },
    });
  });
  return getUsageCheckSettings(ctx, graph, variant);
}

/** Removes the graph's or the variant's own settings: the variant then follows the graph's, the graph the defaults. */
export async function resetUsageCheckSettings(
  ctx: RegistryContext,
  graph: string,
  variant: string | null,
  principal: Principal,
): Promise<UsageCheckSettingsView> {
  await ctx.db.transaction(async (tx) => {
    const graphId = await target(tx, graph, variant);
    const before = await effectiveUsageCheckSettings(tx, graphId, variant);
    if (!(await deleteUsageCheckSettings(tx, graphId, variant ?? ''))) return;
    await appendAudit(tx, {
      graphId,
      variant,
      subgraph: null,
      action: 'usage-check-settings.changed',
      actor: principal.name,
      reason: null,
      checkId: null,
      details: { before: before.settings, after: null },
    });
  });
  return getUsageCheckSettings(ctx, graph, variant);
}

function definedOnly(update: UsageCheckSettingsUpdate): Partial<UsageCheckSettings> {
  return Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
}
