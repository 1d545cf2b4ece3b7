/**
 * Client consumption: the newest quota observation hubs reported per client record and quota (usage-ingest.ts
 * stores them), shaped for the client record API (`?include=consumption`). The age is measured on the
 * registry's clock (`ctx.usage.clock`); `observedAt` is the reporting hub's.
 */
import type {
  ClientConsumption,
  ClientRecord,
  ClientRecordWithConsumption,
  QuotaObservationView,
} from '../api-types.js';
import {
  listQuotaObservations,
  type StoredQuotaObservation,
} from '../storage/repositories/client-consumption.js';
import { requireGraph } from './graphs.js';
import type { RegistryContext } from './registry-context.js';

function view(observation: StoredQuotaObservation, now: number): QuotaObservationView {
  return {
    limit: observation.limit,
    windowSeconds: observation.windowSeconds,
    capacity: observation.capacity,
    remaining: observation.remaining,
    used: Math.max(0, observation.capacity - observation.remaining),
    resetAt: observation.resetAt,
    observedAt: observation.observedAt,
    ageSeconds: Math.max(0, Math.floor((now - Date.parse(observation.observedAt)) / 1000)),
    variant: observation.variant,
  };
}

/** The records with their consumption (`null` per quota no hub reported). */
export async function withConsumption(
  ctx: RegistryContext,
  graphName: string,
  records: readonly ClientRecord[],
): Promise<ClientRecordWithConsumption[]> {
  const graph = await requireGraph(ctx.db, graphName);
  const only = records.length === 1 ? records[0]?.id : undefined;
  const observations = await listQuotaObservations(ctx.db, graph.id, only);
  const now = ctx.usage.clock().getTime();
  const byClient = new Map<string, ClientConsumption>();
  for (const observation of observations) {
    let consumption = byClient.get(observation.clientId);
    if (consumption === undefined) {
      consumption = { rate: null, budget: null };
      byClient.set(observation.clientId, consumption);
    }
    consumption[observation.quota] = view(observation, now);
  }
  return records.map((record) => ({
    ...record,
    consumption: byClient.get(record.id) ?? { rate: null, budget: null },
  }));
}
