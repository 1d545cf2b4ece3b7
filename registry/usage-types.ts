// The JSON shapes of the registry's usage API (docs/usage.md, docs/registry-api.md "Usage").
import type { UsageBatch, UsageEntry, UsageOperation } from '../lib/usage-batch.js';

/**
 * What hubs send (`POST /v1/graphs/:graph/variants/:variant/usage`): the shapes of the one zod schema both sides
 * use (lib/usage-batch.ts). An entry holds the requests of one minute × operation × client name × client version ×
 * verified client id × registered operation (`persistedOperationId`).
 */
export type UsageOperationInput = UsageOperation;
export type UsageEntryInput = UsageEntry;
export type UsageBatchInput = UsageBatch;

/** The answer to an ingest: `duplicate` when this batch id was counted before (nothing counted again). */
export interface UsageBatchResult {
  batchId: string;
  duplicate: boolean;
  /** Entries outside what the registry keeps (older than the daily retention or more than an hour ahead). */
  ignoredEntries: number;
}

export interface UsagePeriod {
  /** As asked: `30d`, `12h`. */
  period: string;
  from: string;
  to: string;
}

export interface ClientUsage {
  client: string;
  version: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface OperationUsage {
  hash: string;
  name: string | null;
  type: string;
  count: number;
}

/** `GET …/usage/fields/:coordinate`. */
export interface FieldUsageReport extends UsagePeriod {
  coordinate: string;
  total: number;
  clients: ClientUsage[];
  topOperations: OperationUsage[];
}

export type DeprecatedKind = 'field' | 'argument' | 'input-field' | 'enum-value';

export interface DeprecatedElementUsage {
  coordinate: string;
  kind: DeprecatedKind;
  reason: string | null;
  /** The supergraph version since which it is deprecated (changelog `DEPRECATION_ADDED`, else its first version). */
  sinceVersion: number | null;
  total: number;
  clients: ClientUsage[];
  /**
   * Active registered (persisted) operations that use it (against the current supergraph), with the active
   * client versions that registered them. Any one makes the verdict "in use by".
   */
  activeOperations: { id: string; name: string | null; clients: { client: string; version: string }[] }[];
  verdict: { safeToRemove: true; text: string } | { safeToRemove: false; text: string; inUseBy: string[] };
}

/** `GET …/usage/deprecated`. */
export interface DeprecatedUsageReport extends UsagePeriod {
  supergraphVersion: number;
  elements: DeprecatedElementUsage[];
}

/** `GET …/usage/unused`. */
export interface UnusedUsageReport extends UsagePeriod {
  supergraphVersion: number;
  /** Coordinates of the current API schema that no request used in the period. */
  unused: string[];
  total: number;
}

export interface DenialUsage {
  coordinate: string;
  client: string;
  version: string;
  count: number;
  lastDenied: string;
}

/** `GET …/usage/denials`. */
export interface DenialsUsageReport extends UsagePeriod {
  denials: DenialUsage[];
}

/** `GET …/usage/fields/:coordinate/timeline`: requests per bucket and client version (buckets with usage only). */
export interface FieldUsageTimeline extends UsagePeriod {
  coordinate: string;
  /** `day` for periods in days, `hour` for periods in hours. */
  bucket: 'day' | 'hour';
  points: { bucket: string; client: string; version: string; count: number }[];
}

/**
 * `GET …/usage/timelines?coordinates=A,B`: the requests per bucket of several coordinates, all clients together
 * (the explorer's sparklines), in the order asked; a coordinate without usage has total 0 and no points.
 */
export interface CoordinateUsageTimelines extends UsagePeriod {
  bucket: 'day' | 'hour';
  timelines: { coordinate: string; total: number; points: { bucket: string; count: number }[] }[];
}

/**
 * Usage-aware checks (docs/checks.md): a failing change whose coordinates were used by at most `thresholdRequests`
 * requests, or by at most `thresholdPercentage` percent of the requests, in the last `period`, does not fail the
 * check (it is blocking only above both). Excluded clients and client versions do not count. Active registered
 * operations always count.
 */
export interface UsageCheckSettings {
  /** The window: `7d` (default), `12h`. */
  period: string;
  /** Requests (default 0: any request blocks). */
  thresholdRequests: number;
  /** Percent of the window's requests, 0–100 (default 0). */
  thresholdPercentage: number;
  /** Client names (`apollographql-client-name`) whose requests do not count. */
  excludedClients: string[];
  /** Client versions whose requests do not count. */
  excludedClientVersions: { client: string; version: string }[];
}

/** `GET|PUT /v1/graphs/:graph[/variants/:variant]/usage-check-settings`. */
export interface UsageCheckSettingsView {
  graph: string;
  /** `null`: the graph's settings (every variant without its own). */
  variant: string | null;
  settings: UsageCheckSettings;
  /** Where the settings come from: the variant's own, the graph's, or the defaults. */
  source: 'variant' | 'graph' | 'default';
  updatedBy: string | null;
  updatedAt: string | null;
}
