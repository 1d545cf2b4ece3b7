/**
 * What the hub sends to the registry (`POST /v1/graphs/:graph/variants/:variant/usage`, docs/usage.md): the shapes
 * of the zod schema the registry validates batches with (lib/usage-batch.ts), so both sides agree.
 */
export type { QuotaObservation, UsageBatch, UsageEntry, UsageOperation } from '../../lib/usage-batch.js';
