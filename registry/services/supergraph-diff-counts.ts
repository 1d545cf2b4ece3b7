import type { ReportedChange } from '../checks/check-report.js';
import type { Severity } from '../checks/change-codes.js';

/** How many changes of each severity a change list has. */
export function countSeverities(changes: readonly ReportedChange[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { breaking: 0, dangerous: 0, safe: 0 };
  for (const change of changes) counts[change.severity] += 1;
  return counts;
}
