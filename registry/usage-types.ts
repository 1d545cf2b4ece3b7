// The JSON shapes of the registry's usage API (docs/usage.md, docs/registry-api.md "Usage").

/** One operation a hub saw, by the sha256 of its normalised signature. */
export interface UsageOperationInput {
  hash: string;
  name: string | null;
  type: 'query' | 'mutation' | 'subscription';
  signature: string;
  /** The coordinates the document names (variables add more per request: see `UsageEntryInput.coordinates`). */
  coordinates: string[];
}

/** Requests of one minute × operation × client name × client version × verified client id. */
export interface UsageEntryInput {
  /** Start of the minute, ms since the epoch (UTC). */
  minute: number;
  operation: string;
  client: { name: string; version: string };
  /** The OAuth client of the access token (`azp` / `client_id`), `null` for anonymous callers. */
  verifiedClientId: string | null;
  count: number;
  ok: number;
  errors: number;
  refused: number;
  /** Refused requests by the policy that refused them. */
  refusedBy: Record<string, number>;
  /** Sums over the requests. */
  durationMs: number;
  estimatedCost: number;
  actualCost: number;
  /** Requests that used each coordinate (inline or through variables). */
  coordinates: Record<string, number>;
  /** Requests in which field authorization filtered or denied each coordinate. */
  denied: Record<string, number>;
}

/** `POST /v1/graphs/:graph/variants/:variant/usage`. */
export interface UsageBatchInput {
  batchId: string;
  /** Requests the hub could not record (its memory bounds were reached). */
  dropped: number;
  operations: UsageOperationInput[];
  entries: UsageEntryInput[];
}

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
  /** Active registered (persisted) operations that use it: empty until persisted operations are stored. */
  activeOperations: { id: string; name: string | null }[];
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
