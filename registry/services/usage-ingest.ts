/**
 * Ingest of a hub's usage batch (`POST …/usage`): idempotent per batch id (the id is recorded in the same
 * transaction as the counts, so a retried batch is either counted once or not at all), entries outside the
 * retention ignored, and everything aggregated here so that each rollup is one upsert.
 */
import type { UsageBatchInput, UsageBatchResult } from '../api-types.js';
import {
  addCounts,
  addOperationDays,
  addOperationHours,
  clientIds,
  clientKey,
  coordinateIds,
  recordBatch,
  updateSeen,
  upsertOperations,
  type CountRows,
  type OperationHourRow,
  type OperationRow,
  type SeenRows,
} from '../storage/repositories/usage-writes.js';
import {
  upsertQuotaObservations,
  type QuotaObservationRow,
} from '../storage/repositories/client-consumption.js';
import type { RegistryContext } from './registry-context.js';
import { hourOf, dayOf, DAY_MS } from './usage-period.js';
import { requireVariant, type VariantRef } from './variants.js';

/** Entries this far ahead of the registry's clock are refused as a hub clock error. */
const MAX_CLOCK_SKEW_MS = 3_600_000;

/**
 * The newest observation per client record and quota of a batch (one upsert must not touch a row twice); those
 * ahead of the registry's clock by more than the skew are a hub clock error and would outlive every later
 * observation, so they are left out.
 */
function newestObservations(batch: UsageBatchInput, now: number): QuotaObservationRow[] {
  const newest = new Map<string, QuotaObservationRow & { at: number }>();
  for (const observation of batch.quotas ?? []) {
    if (observation.observedAt > now + MAX_CLOCK_SKEW_MS) continue;
    const key = `${observation.client}\u0000${observation.quota}`;
    const known = newest.get(key);
    if (known !== undefined && known.at >= observation.observedAt) continue;
    newest.set(key, {
      clientId: observation.client,
      quota: observation.quota,
      limit: observation.limit,
      windowSeconds: observation.windowSeconds,
      capacity: observation.capacity,
      remaining: observation.remaining,
      resetAt: new Date(observation.resetAt).toISOString(),
      observedAt: new Date(observation.observedAt).toISOString(),
      at: observation.observedAt,
    });
  }
  return [...newest.values()].map(({ at: _at, ...row }) => row);
}

class CountMap {
  readonly #rows = new Map<
    string,
    { coordinateId: number; clientId: number; bucket: string; count: number }
  >();

  add(coordinateId: number, clientId: number, bucket: string, count: number): void {
    const key = `${coordinateId}|${clientId}|${bucket}`;
    const row = this.#rows.get(key);
    if (row) row.count += count;
    else this.#rows.set(key, { coordinateId, clientId, bucket, count });
  }

  rows(): CountRows {
    const rows: CountRows = { coordinateIds: [], clientIds: [], buckets: [], counts: [] };
    for (const row of this.#rows.values()) {
      rows.coordinateIds.push(row.coordinateId);
      rows.clientIds.push(row.clientId);
      rows.buckets.push(row.bucket);
      rows.counts.push(row.count);
    }
    return rows;
  }
}

export async function ingestUsage(
  ctx: RegistryContext,
  ref: VariantRef,
  batch: UsageBatchInput,
): Promise<UsageBatchResult> {
  const now = ctx.usage.clock().getTime();
  const oldest = now - ctx.usage.retention.dailyDays * DAY_MS;
  const entries = batch.entries.filter(
    (entry) => entry.minute >= oldest && entry.minute <= now + MAX_CLOCK_SKEW_MS,
  );
  const ignoredEntries = batch.entries.length - entries.length;
  return ctx.db.transaction(async (tx) => {
    const { graph, variant } = await requireVariant(tx, ref);
    const receivedAt = new Date(now).toISOString();
    const fresh = await recordBatch(tx, {
      batchId: batch.batchId,
      variantId: variant.id,
      receivedAt,
      dropped: batch.dropped,
    });
    if (!fresh) return { batchId: batch.batchId, duplicate: true, ignoredEntries: 0 };
    // Quotas are counted per graph and record (every variant's hubs share them): newest observation wins.
    await upsertQuotaObservations(
      tx,
      { graphId: graph.id, variantId: variant.id, receivedAt },
      newestObservations(batch, now),
    );

    const coordinates = new Set<string>();
    const clients = new Map<string, { name: string; version: string }>();
    for (const entry of entries) {
      for (const coordinate of Object.keys(entry.coordinates)) coordinates.add(coordinate);
      for (const coordinate of Object.keys(entry.denied)) coordinates.add(coordinate);
      clients.set(clientKey(entry.client.name, entry.client.version), entry.client);
    }
    const coordinateId = await coordinateIds(tx, variant.id, [...coordinates]);
    const clientId = await clientIds(tx, variant.id, [...clients.values()]);

    const hours = new CountMap();
    const days = new CountMap();
    const denials = new CountMap();
    const seen = new Map<string, { coordinateId: number; clientId: number; first: number; last: number }>();
    const operations = new Map<string, OperationHourRow>();
    const operationSeen = new Map<string, { first: number; last: number; coordinates: Set<string> }>();
    for (const entry of entries) {
      const client = clientId.get(clientKey(entry.client.name, entry.client.version));
      if (client === undefined) continue;
      const hour = hourOf(entry.minute);
      const day = dayOf(entry.minute);
      for (const [coordinate, count] of Object.entries(entry.coordinates)) {
        const id = coordinateId.get(coordinate);
        if (id === undefined || count <= 0) continue;
        hours.add(id, client, hour, count);
        days.add(id, client, day, count);
        const key = `${id}|${client}`;
        const known = seen.get(key);
        if (known) {
          known.first = Math.min(known.first, entry.minute);
          known.last = Math.max(known.last, entry.minute);
        } else seen.set(key, { coordinateId: id, clientId: client, first: entry.minute, last: entry.minute });
      }
      for (const [coordinate, count] of Object.entries(entry.denied)) {
        const id = coordinateId.get(coordinate);
        if (id !== undefined && count > 0) denials.add(id, client, hour, count);
      }
      const verified = entry.verifiedClientId ?? '';
      const persisted = entry.persistedOperationId ?? '';
      const key = `${entry.operation}|${client}|${verified}|${persisted}|${hour}`;
      const row = operations.get(key);
      if (row) {
        row.count += entry.count;
        row.ok += entry.ok;
        row.errors += entry.errors;
        row.refused += entry.refused;
        for (const [policy, count] of Object.entries(entry.refusedBy))
          row.refusedBy[policy] = (row.refusedBy[policy] ?? 0) + count;
        row.durationMs += entry.durationMs;
        row.estimatedCost += entry.estimatedCost;
        row.actualCost += entry.actualCost;
      } else {
        operations.set(key, {
          hash: entry.operation,
          clientId: client,
          verifiedClientId: verified,
          persistedOperationId: persisted,
          hour,
          count: entry.count,
          ok: entry.ok,
          errors: entry.errors,
          refused: entry.refused,
          refusedBy: { ...entry.refusedBy },
          durationMs: entry.durationMs,
          estimatedCost: entry.estimatedCost,
          actualCost: entry.actualCost,
        });
      }
      const opSeen = operationSeen.get(entry.operation);
      if (opSeen) {
        opSeen.first = Math.min(opSeen.first, entry.minute);
        opSeen.last = Math.max(opSeen.last, entry.minute);
        for (const coordinate of Object.keys(entry.coordinates)) opSeen.coordinates.add(coordinate);
      } else {
        operationSeen.set(entry.operation, {
          first: entry.minute,
          last: entry.minute,
          coordinates: new Set(Object.keys(entry.coordinates)),
        });
      }
    }

    const operationRows: OperationRow[] = [];
    for (const operation of batch.operations) {
      const opSeen = operationSeen.get(operation.hash);
      if (opSeen === undefined) continue;
      for (const coordinate of operation.coordinates) opSeen.coordinates.add(coordinate);
      operationRows.push({
        hash: operation.hash,
        name: operation.name,
        type: operation.type,
        signature: operation.signature,
        coordinates: [...opSeen.coordinates].sort(),
        firstSeen: new Date(opSeen.first).toISOString(),
        lastSeen: new Date(opSeen.last).toISOString(),
      });
    }
    const seenRows: SeenRows = { coordinateIds: [], clientIds: [], firstSeen: [], lastSeen: [] };
    for (const row of seen.values()) {
      seenRows.coordinateIds.push(row.coordinateId);
      seenRows.clientIds.push(row.clientId);
      seenRows.firstSeen.push(new Date(row.first).toISOString());
      seenRows.lastSeen.push(new Date(row.last).toISOString());
    }
    await upsertOperations(tx, variant.id, operationRows);
    await addCounts(tx, 'usage_coordinate_hours', variant.id, hours.rows());
    await addCounts(tx, 'usage_coordinate_days', variant.id, days.rows());
    await addCounts(tx, 'usage_denial_hours', variant.id, denials.rows());
    await updateSeen(tx, variant.id, seenRows);
    // Operations the batch did not describe (it must describe each one it counts) are not counted per hour.
    const described = new Set(operationRows.map((row) => row.hash));
    const counted = [...operations.values()].filter((row) => described.has(row.hash));
    await addOperationHours(tx, variant.id, counted);
    const operationDays = new Map<string, { hash: string; day: string; count: number }>();
    for (const row of counted) {
      const day = row.hour.slice(0, 10);
      const key = `${row.hash}|${day}`;
      const known = operationDays.get(key);
      if (known) known.count += row.count;
      else operationDays.set(key, { hash: row.hash, day, count: row.count });
    }
    await addOperationDays(tx, variant.id, [...operationDays.values()]);
    return { batchId: batch.batchId, duplicate: false, ignoredEntries };
  });
}
