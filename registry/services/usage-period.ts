/** Periods of the usage reports (`30d`, `12h`) and the buckets of the rollups, all in UTC. */
import { RegistryErrors } from '../errors.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function hourOf(ms: number): string {
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
}

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export interface ResolvedPeriod {
  readonly period: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Days are read from the daily rollup (whole UTC days, the first one included), hours from the hourly one. */
  readonly unit: 'day' | 'hour';
  /** The first bucket read: a `date` for days, an hour for hours. */
  readonly firstBucket: string;
}

const PERIOD = /^([1-9][0-9]{0,3})([dh])$/;

/** `30d` (default) or `12h`; at most 9999 units. INVALID_INPUT otherwise. */
export function resolvePeriod(text: string | undefined, now: Date): ResolvedPeriod {
  const period = text ?? '30d';
  const match = PERIOD.exec(period);
  if (!match) {
    throw RegistryErrors.INVALID_INPUT.create({
      issues: [{ path: 'period', message: 'must be a number of days or hours, like "30d" or "12h"' }],
    });
  }
  const amount = Number(match[1]);
  const unit = match[2] === 'd' ? 'day' : 'hour';
  const toMs = now.getTime();
  const fromMs = toMs - amount * (unit === 'day' ? DAY_MS : HOUR_MS);
  return { period, fromMs, toMs, unit, firstBucket: unit === 'day' ? dayOf(fromMs) : hourOf(fromMs) };
}
