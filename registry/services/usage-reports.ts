/**
 * The usage reports: one coordinate (`field`), the `@deprecated` elements with a verdict (`deprecated`), the
 * coordinates nobody used (`unused`) and field authorization denials (`denials`). "Now" is the usage clock of
 * the registry context, which tests set.
 */
import type {
  ClientUsage,
  DeprecatedElementUsage,
  DeprecatedUsageReport,
  DenialsUsageReport,
  FieldUsageReport,
  UnusedUsageReport,
  UsagePeriod,
} from '../api-types.js';
import type { Queryable } from '../storage/database.js';
import {
  coordinateUsage,
  denials,
  deprecatedSince,
  topOperations,
  usedCoordinates,
  type CoordinateClientRow,
} from '../storage/repositories/usage-reads.js';
import { compareNames } from '../names.js';
import { loadRegisteredOperations } from './persisted-operations.js';
import { registeredOperationCoordinates } from './registered-operation-coordinates.js';
import type { RegistryContext } from './registry-context.js';
import { supergraphElements } from './usage-schema-elements.js';
import { hourOf, resolvePeriod, type ResolvedPeriod } from './usage-period.js';
import { getCurrentSupergraph } from './variant-reads.js';
import { requireVariant, type VariantRef } from './variants.js';

const TOP_OPERATIONS = 10;

function periodOf(resolved: ResolvedPeriod): UsagePeriod {
  return {
    period: resolved.period,
    from: new Date(resolved.fromMs).toISOString(),
    to: new Date(resolved.toMs).toISOString(),
  };
}

function clientsOf(rows: readonly CoordinateClientRow[]): ClientUsage[] {
  return rows.map(({ client, version, count, firstSeen, lastSeen }) => ({
    client,
    version,
    count,
    firstSeen,
    lastSeen,
  }));
}

/** `demo-app 1.0`; a request without the client headers counts as `(unknown client)`. */
export function clientLabel(client: string, version: string): string {
  const name = client === '' ? '(unknown client)' : client;
  return version === '' ? name : `${name} ${version}`;
}

export async function fieldUsage(
  ctx: RegistryContext,
  ref: VariantRef,
  coordinate: string,
  periodText: string | undefined,
): Promise<FieldUsageReport> {
  const period = resolvePeriod(periodText, ctx.usage.clock());
  const { variant } = await requireVariant(ctx.db, ref);
  const rows = await coordinateUsage(ctx.db, variant.id, [coordinate], period);
  const clients = clientsOf(rows);
  return {
    ...periodOf(period),
    coordinate,
    total: clients.reduce((sum, client) => sum + client.count, 0),
    clients,
    topOperations: await topOperations(
      ctx.db,
      variant.id,
      coordinate,
      { ...period, fromHour: hourOf(period.fromMs) },
      TOP_OPERATIONS,
    ),
  };
}

type ActiveOperation = DeprecatedElementUsage['activeOperations'][number];

/**
 * The active registered (persisted) operations that use each of `coordinates`: the documents of the variant's
 * active client versions (persisted-operations.ts), their coordinates against the supergraph's API schema
 * (registered-operation-coordinates.ts), with the client versions that registered them.
 */
async function activeRegisteredOperations(
  db: Queryable,
  variantId: number,
  supergraph: { hash: string; sdl: string },
  coordinates: readonly string[],
): Promise<Map<string, ActiveOperation[]>> {
  const result = new Map<string, ActiveOperation[]>();
  if (coordinates.length === 0) return result;
  const registered = await loadRegisteredOperations(db, variantId);
  const wanted = new Set(coordinates);
  for (const [id, used] of registeredOperationCoordinates(supergraph, registered)) {
    const users = registered.users.get(id) ?? [];
    if (users.length === 0) continue;
    const operation: ActiveOperation = {
      id,
      name: users[0]?.name ?? null,
      clients: users.map((user) => ({ client: user.client, version: user.version })),
    };
    for (const coordinate of used) {
      if (!wanted.has(coordinate)) continue;
      result.set(coordinate, [...(result.get(coordinate) ?? []), operation]);
    }
  }
  for (const operations of result.values())
    operations.sort((a, b) => compareNames(a.name ?? a.id, b.name ?? b.id) || compareNames(a.id, b.id));
  return result;
}

export async function deprecatedUsage(
  ctx: RegistryContext,
  ref: VariantRef,
  periodText: string | undefined,
): Promise<DeprecatedUsageReport> {
  const period = resolvePeriod(periodText, ctx.usage.clock());
  const { variant } = await requireVariant(ctx.db, ref);
  const supergraph = await getCurrentSupergraph(ctx, ref);
  const deprecated = supergraphElements(supergraph.hash, supergraph.supergraphSdl).filter(
    (element) => element.deprecationReason !== null,
  );
  const coordinates = deprecated.map((element) => element.coordinate);
  const usage = await coordinateUsage(ctx.db, variant.id, coordinates, period);
  const registered = await activeRegisteredOperations(
    ctx.db,
    variant.id,
    { hash: supergraph.hash, sdl: supergraph.supergraphSdl },
    coordinates,
  );
  const byCoordinate = new Map<string, CoordinateClientRow[]>();
  for (const row of usage)
    byCoordinate.set(row.coordinate, [...(byCoordinate.get(row.coordinate) ?? []), row]);
  const elements: DeprecatedElementUsage[] = [];
  for (const element of deprecated) {
    const clients = clientsOf(byCoordinate.get(element.coordinate) ?? []);
    const activeOperations = registered.get(element.coordinate) ?? [];
    const inUseBy = [
      ...clients.map((client) => clientLabel(client.client, client.version)),
      ...activeOperations.map(
        (operation) =>
          `registered operation ${operation.name ?? operation.id.slice(0, 12)} (${operation.clients
            .map((user) => clientLabel(user.client, user.version))
            .join(', ')})`,
      ),
    ];
    elements.push({
      coordinate: element.coordinate,
      kind: element.kind,
      reason: element.deprecationReason,
      sinceVersion: await deprecatedSince(ctx.db, variant.id, element.coordinate),
      total: clients.reduce((sum, client) => sum + client.count, 0),
      clients,
      activeOperations,
      verdict:
        inUseBy.length === 0
          ? { safeToRemove: true, text: 'safe to remove' }
          : { safeToRemove: false, text: `in use by ${inUseBy.join(', ')}`, inUseBy },
    });
  }
  return { ...periodOf(period), supergraphVersion: supergraph.version, elements };
}

export async function unusedUsage(
  ctx: RegistryContext,
  ref: VariantRef,
  periodText: string | undefined,
): Promise<UnusedUsageReport> {
  const period = resolvePeriod(periodText, ctx.usage.clock());
  const { variant } = await requireVariant(ctx.db, ref);
  const supergraph = await getCurrentSupergraph(ctx, ref);
  const used = await usedCoordinates(ctx.db, variant.id, period);
  const unused = supergraphElements(supergraph.hash, supergraph.supergraphSdl)
    .map((element) => element.coordinate)
    .filter((coordinate) => !used.has(coordinate));
  return { ...periodOf(period), supergraphVersion: supergraph.version, unused, total: unused.length };
}

export async function denialsUsage(
  ctx: RegistryContext,
  ref: VariantRef,
  periodText: string | undefined,
): Promise<DenialsUsageReport> {
  const period = resolvePeriod(periodText, ctx.usage.clock());
  const { variant } = await requireVariant(ctx.db, ref);
  return { ...periodOf(period), denials: await denials(ctx.db, variant.id, hourOf(period.fromMs)) };
}
