/** Delay before the next poll: the interval when healthy, exponential with jitter after failures. */
export function nextPollDelay(
  consecutiveFailures: number,
  pollIntervalMs: number,
  maxBackoffMs: number,
  random: () => number = Math.random,
): number {
  if (consecutiveFailures === 0) return pollIntervalMs;
  const ceiling = Math.max(maxBackoffMs, pollIntervalMs);
  const exponential = Math.min(ceiling, pollIntervalMs * 2 ** Math.min(consecutiveFailures, 20));
  // ±20 % so that hubs restarted together do not poll in lockstep.
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
