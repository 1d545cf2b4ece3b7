import { describe, expect, it } from 'vitest';
import { nextPollDelay } from '../../hub/registry-polling/poll-backoff.js';

describe('nextPollDelay', () => {
  const middle = () => 0.5;

  it('is the poll interval while polls succeed', () => {
    expect(nextPollDelay(0, 10_000, 60_000, middle)).toBe(10_000);
  });

  it('doubles per consecutive failure up to the ceiling, with ±20 % jitter', () => {
    expect(nextPollDelay(1, 1_000, 60_000, middle)).toBe(2_000);
    expect(nextPollDelay(3, 1_000, 60_000, middle)).toBe(8_000);
    expect(nextPollDelay(30, 1_000, 60_000, middle)).toBe(60_000);
    expect(nextPollDelay(30, 1_000, 60_000, () => 0)).toBe(48_000);
    expect(nextPollDelay(30, 1_000, 60_000, () => 1)).toBe(72_000);
  });

  it('never backs off below the poll interval', () => {
    expect(nextPollDelay(5, 10_000, 1_000, middle)).toBe(10_000);
  });
});
