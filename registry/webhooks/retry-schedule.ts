/**
 * When a failed attempt is tried again: exponential backoff with jitter. The n-th retry waits
 * `min(maxDelayMs, baseDelayMs · 2^(n-1))`, of which a random half is taken off ("equal jitter": never less than
 * half the step, so retries spread out without bunching at zero). Pure; `random` is injectable for tests.
 */

export interface RetrySchedule {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The delay before the attempt after `attemptsMade` attempts (1 → the first retry). */
export function retryDelayMs(
  schedule: RetrySchedule,
  attemptsMade: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attemptsMade - 1);
  const step = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

/** What an attempt's outcome means for the delivery. */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

/**
 * 2xx delivers. Network errors, timeouts, 408, 429 and 5xx are worth another attempt; any other answer (a 3xx,
 * which is not followed, or a 4xx) will not change by retrying, nor will a target the policy refuses.
 */
export function outcomeOf(result: { status: number | null; retryable: boolean }): AttemptOutcome {
  const { status } = result;
  if (status === null) return result.retryable ? 'retry' : 'failed';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}
