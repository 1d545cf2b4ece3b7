// A usage batch as a hub sends it (lib/usage-batch.ts), one entry of one operation: what the registry's usage
// tests ingest. Only what a test cares about is given; the rest are the counts of plain successful requests.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { usageBatchSchema } from '../../lib/usage-batch.js';

export interface TestUsageEntry {
  /** Start of the minute, ms since the epoch. */
  minute: number;
  client: string;
  version?: string;
  coordinates: Record<string, number>;
  /** Requests; default 1. */
  count?: number;
  /** The operation's sha256; default `b…b`. */
  operation?: string;
  persistedOperationId?: string | null;
}

export function testUsageBatch(entry: TestUsageEntry): z.input<typeof usageBatchSchema> {
  const operation = entry.operation ?? 'b'.repeat(64);
  const count = entry.count ?? 1;
  return {
    batchId: randomUUID(),
    dropped: 0,
    operations: [
      {
        hash: operation,
        name: 'Items',
        type: 'query',
        signature: 'query Items{items{id}}',
        coordinates: [],
      },
    ],
    entries: [
      {
        minute: entry.minute,
        operation,
        client: { name: entry.client, version: entry.version ?? '1.0' },
        verifiedClientId: null,
        ...(entry.persistedOperationId === undefined
          ? {}
          : { persistedOperationId: entry.persistedOperationId }),
        count,
        ok: count,
        errors: 0,
        refused: 0,
        refusedBy: {},
        durationMs: 1,
        estimatedCost: 1,
        actualCost: 1,
        coordinates: entry.coordinates,
        denied: {},
      },
    ],
  };
}
