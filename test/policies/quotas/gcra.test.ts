// The GCRA maths on plain numbers: bursts, refill, cost, refusals that change nothing, adjustments.
import { describe, expect, it } from 'vitest';
import { budgetGcra, gcraAdjust, gcraCheck, gcraState, rateGcra } from '../../../policies/quotas/gcra.js';
import { limitProblem } from '../../../lib/quota-limits.js';

const S = 1_000_000; // µs per second
const T0 = 1_700_000_000 * S;

/** Charges `cost` repeatedly at `nowUs` until refused; returns how many were allowed and the TAT. */
function drain(limit: ReturnType<typeof rateGcra>, tat: number | null, nowUs: number, cost = 1) {
  let allowed = 0;
  for (;;) {
    const decision = gcraCheck(limit, tat, nowUs, cost);
    if (!decision.allowed) return { allowed, tat, decision };
    allowed += 1;
    tat = decision.tatUs;
  }
}

describe('GCRA', () => {
  it('allows a burst of exactly `burst` requests at once, then one per interval', () => {
    const limit = rateGcra({ requests: 10, windowSeconds: 60, burst: 3 });
    expect(limit).toEqual({ intervalUs: 6 * S, capacity: 3 });
    const first = drain(limit, null, T0);
    expect(first.allowed).toBe(3);
    expect(first.decision).toMatchObject({
      allowed: false,
      remaining: 0,
      resetUs: 18 * S,
      retryAfterUs: 6 * S,
    });
    expect(first.decision.tatUs).toBe(first.tat); // a refusal stores nothing new

    // One interval minus a microsecond later: still refused; at one interval: exactly one more.
    expect(gcraCheck(limit, first.tat, T0 + 6 * S - 1, 1).allowed).toBe(false);
    expect(gcraCheck(limit, first.tat, T0 + 6 * S - 1, 1).retryAfterUs).toBe(1);
    const later = drain(limit, first.tat, T0 + 6 * S);
    expect(later.allowed).toBe(1);
  });

  it('defaults the burst to the quota: a full window may be spent at once', () => {
    const limit = rateGcra({ requests: 100, windowSeconds: 60 });
    expect(drain(limit, null, T0).allowed).toBe(100);
  });

  it('refills to the full capacity after the window, never beyond it', () => {
    const limit = rateGcra({ requests: 5, windowSeconds: 10 });
    const { tat } = drain(limit, null, T0);
    expect(gcraState(limit, tat, T0 + 4 * S)).toEqual({ remaining: 2, resetUs: 6 * S });
    expect(gcraState(limit, tat, T0 + 10 * S)).toEqual({ remaining: 5, resetUs: 0 });
    expect(drain(limit, tat, T0 + 3_600 * S).allowed).toBe(5);
  });

  it('charges a budget by cost and refuses a cost above what remains without charging it', () => {
    const limit = budgetGcra({ points: 1000, windowSeconds: 3600 });
    expect(limit).toEqual({ intervalUs: 3_600_000, capacity: 1000 });
    const a = gcraCheck(limit, null, T0, 700);
    expect(a).toMatchObject({ allowed: true, remaining: 300, resetUs: 700 * 3_600_000, retryAfterUs: 0 });
    const b = gcraCheck(limit, a.tatUs, T0, 301);
    expect(b).toMatchObject({ allowed: false, remaining: 300, tatUs: a.tatUs, retryAfterUs: 3_600_000 });
    const c = gcraCheck(limit, a.tatUs, T0, 300);
    expect(c).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('never allows a cost above the whole budget (retryAfter null) and always allows a cost of 0', () => {
    const limit = budgetGcra({ points: 100, windowSeconds: 60 });
    expect(gcraCheck(limit, null, T0, 101)).toMatchObject({
      allowed: false,
      remaining: 100,
      retryAfterUs: null,
    });
    const full = gcraCheck(limit, null, T0, 100);
    expect(gcraCheck(limit, full.tatUs, T0, 0)).toMatchObject({
      allowed: true,
      remaining: 0,
      tatUs: full.tatUs,
    });
  });

  it('refunds without going below "nothing spent" and charges into debt', () => {
    const limit = budgetGcra({ points: 100, windowSeconds: 100 }); // 1 point per second
    const spent = gcraCheck(limit, null, T0, 60);
    expect(gcraAdjust(limit, spent.tatUs, T0, -20)).toBe(T0 + 40 * S);
    expect(gcraAdjust(limit, spent.tatUs, T0, -500)).toBeNull(); // nothing left to store: full
    expect(gcraAdjust(limit, null, T0, -5)).toBeNull();
    const debt = gcraAdjust(limit, spent.tatUs, T0, 90);
    expect(debt).toBe(T0 + 150 * S);
    expect(gcraState(limit, debt, T0)).toEqual({ remaining: 0, resetUs: 150 * S });
    // In debt, a charge waits for the debt plus itself to fit.
    expect(gcraCheck(limit, debt, T0, 10)).toMatchObject({ allowed: false, retryAfterUs: 60 * S });
    expect(gcraCheck(limit, debt, T0 + 60 * S, 10).allowed).toBe(true);
  });

  it('rounds the emission interval to whole microseconds', () => {
    expect(rateGcra({ requests: 3, windowSeconds: 1 })).toEqual({ intervalUs: 333_333, capacity: 3 });
    expect(rateGcra({ requests: 3, windowSeconds: 1 }).intervalUs * 3).toBe(999_999);
  });

  it('refuses limits it cannot enforce', () => {
    expect(limitProblem(0, 60)).toMatch(/positive integer/);
    expect(limitProblem(10, 0)).toMatch(/window/);
    expect(limitProblem(10, 1.5)).toMatch(/window/);
    expect(limitProblem(2_000_000, 1)).toMatch(/1000000 units per second/);
    expect(limitProblem(1, 3600, 100_000)).toMatch(/burst may be worth/);
    expect(() => rateGcra({ requests: 0, windowSeconds: 1 })).toThrow(RangeError);
  });
});
