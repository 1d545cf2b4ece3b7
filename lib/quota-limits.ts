/**
 * The two limits of a client record: the registry validates and stores them, the quotas policy enforces them (so
 * they live here, where both may import them). Plain data, no imports.
 */

/** `requests` per `windowSeconds` on average, at most `burst` at once (default: `requests`). */
export interface RateLimit {
  readonly requests: number;
  readonly windowSeconds: number;
  readonly burst?: number | undefined;
}

/** `points` cost units per `windowSeconds` on average; a full budget can be spent at once. */
export interface BudgetLimit {
  readonly points: number;
  readonly windowSeconds: number;
}

/**
 * The largest number of units per second a limit may grant: the stores count time in whole microseconds, so the
 * time one unit is worth (the emission interval) is at least 1 µs. Rounding it to a whole microsecond changes the
 * rate by at most 0.5 µs per unit: under 0.05 % up to 1,000 units per second, under 5 % at this maximum.
 */
export const MAX_UNITS_PER_SECOND = 1_000_000;

/** The longest window a limit may have: one year. */
export const MAX_WINDOW_SECONDS = 31_536_000;

/** Why a limit cannot be enforced, or `null` when it can. Callers validate with their own error codes. */
export function limitProblem(units: number, windowSeconds: number, burst?: number): string | null {
  if (!Number.isSafeInteger(units) || units < 1) return 'the quota must be a positive integer';
  if (!Number.isSafeInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
    return `the window must be a whole number of seconds from 1 to ${MAX_WINDOW_SECONDS}`;
  }
  if (units / windowSeconds > MAX_UNITS_PER_SECOND) {
    return `at most ${MAX_UNITS_PER_SECOND} units per second can be enforced`;
  }
  if (burst !== undefined) {
    if (!Number.isSafeInteger(burst) || burst < 1) return 'the burst must be a positive integer';
    // The time a full burst is worth must fit the clock's range, like a window.
    if ((burst * windowSeconds) / units > MAX_WINDOW_SECONDS) {
      return `a burst may be worth at most ${MAX_WINDOW_SECONDS} seconds of the rate`;
    }
  }
  return null;
}
