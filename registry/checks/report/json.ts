import type { CheckReport } from '../check-report.js';

/** The report as JSON: the `CheckReport` shape documented in docs/checks.md, pretty-printed. */
export function formatJsonReport(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
