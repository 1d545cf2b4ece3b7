/**
 * What the hub sends to the registry (`POST /v1/graphs/:graph/variants/:variant/usage`, docs/usage.md): the
 * same shape as the registry's `UsageBatchInput`, declared here because policies do not import the registry.
 */
export interface UsageOperation {
  readonly hash: string;
  readonly name: string | null;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly signature: string;
  readonly coordinates: readonly string[];
}

export interface UsageEntry {
  minute: number;
  operation: string;
  client: { name: string; version: string };
  verifiedClientId: string | null;
  count: number;
  ok: number;
  errors: number;
  refused: number;
  refusedBy: Record<string, number>;
  durationMs: number;
  estimatedCost: number;
  actualCost: number;
  coordinates: Record<string, number>;
  denied: Record<string, number>;
}

export interface UsageBatch {
  readonly batchId: string;
  readonly dropped: number;
  readonly operations: readonly UsageOperation[];
  readonly entries: readonly UsageEntry[];
}
