// The usage aggregate's quota observations, on plain inputs: the newest decision per client record (in place, no
// new entry per request), both quotas as the registry's schema accepts them, bounded per batch, cleared by sealing.
import { describe, expect, it } from 'vitest';
import { usageBatchSchema } from '../../../lib/usage-batch.js';
import type { QuotaConsumption } from '../../../policies/contract/request-facts.js';
import { UsageAggregator } from '../../../policies/usage/usage-aggregator.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');

function decision(remaining: number, budgetRemaining: number | null = null): QuotaConsumption {
  return {
    rate: { limit: 10, windowSeconds: 60, capacity: 5, remaining, resetSeconds: 30 },
    budget:
      budgetRemaining === null
        ? null
        : { limit: 1000, windowSeconds: 3600, capacity: 1000, remaining: budgetRemaining, resetSeconds: 90 },
  };
}

describe('quota observations in the usage aggregate', () => {
  it('keeps the newest decision per record and seals it as observations the registry accepts', () => {
    const aggregate = new UsageAggregator(100);
    aggregate.observeQuotas('mobile', decision(4, 990), T0);
    aggregate.observeQuotas('mobile', decision(3, 980), T0 + 1_000);
    // An older one recorded later (a slow response) does not replace it.
    aggregate.observeQuotas('mobile', decision(4, 990), T0 + 500);
    aggregate.observeQuotas('anonymous', decision(2), T0 + 2_000);
    const batch = aggregate.seal('00000000-0000-4000-8000-000000000000', 0);
    expect(batch?.quotas).toEqual([
      {
        client: 'mobile',
        quota: 'rate',
        limit: 10,
        windowSeconds: 60,
        capacity: 5,
        remaining: 3,
        resetAt: T0 + 31_000,
        observedAt: T0 + 1_000,
      },
      {
        client: 'mobile',
        quota: 'budget',
        limit: 1000,
        windowSeconds: 3600,
        capacity: 1000,
        remaining: 980,
        resetAt: T0 + 91_000,
        observedAt: T0 + 1_000,
      },
      expect.objectContaining({ client: 'anonymous', quota: 'rate', remaining: 2, observedAt: T0 + 2_000 }),
    ]);
    expect(usageBatchSchema.safeParse(batch).success).toBe(true);
    // Sealed: the next batch starts empty (and there is none to send).
    expect(aggregate.seal('00000000-0000-4000-8000-000000000001', 0)).toBeNull();
  });

  it('updates a known record in place and keeps at most 5,000 records per batch', () => {
    const aggregate = new UsageAggregator(100);
    for (let i = 0; i < 5_010; i++) aggregate.observeQuotas(`client-${i}`, decision(1), T0);
    // A record already kept is still updated when the map is full.
    aggregate.observeQuotas('client-0', decision(0), T0 + 1);
    const quotas = aggregate.seal('00000000-0000-4000-8000-000000000002', 0)?.quotas ?? [];
    expect(quotas).toHaveLength(5_000);
    expect(quotas[0]).toMatchObject({ client: 'client-0', remaining: 0 });
    expect(quotas.some((observation) => observation.client === 'client-5000')).toBe(false);
  });

  it('sends no quotas field when no decision was recorded (what older registries accept)', () => {
    const aggregate = new UsageAggregator(100);
    expect(aggregate.seal('00000000-0000-4000-8000-000000000003', 1)).not.toHaveProperty('quotas');
  });
});
