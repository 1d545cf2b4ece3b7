import { formatTable } from '../../../lib/text-table.js';
import { SEVERITIES, type Severity } from '../change-codes.js';
import {
  changeFails,
  checkStages,
  failsCheck,
  type CheckReport,
  type ReportLocation,
} from '../check-report.js';

const HEADINGS: Record<Severity, string> = {
  breaking: 'Breaking changes',
  dangerous: 'Dangerous changes',
  safe: 'Safe changes',
};

/**
 * How the verdict line is marked: `✔`/`✖` and colours on a terminal, plain words when piped or written to a file
 * (the CLI chooses, see cli/output-style.ts). The default is plain.
 */
export interface HumanReportStyle {
  readonly passed: (text: string) => string;
  readonly failed: (text: string) => string;
}

const PLAIN: HumanReportStyle = { passed: (text) => text, failed: (text) => text };

/** The report as text for a terminal: a verdict line, then one table per severity. */
export function formatHumanReport(report: CheckReport, style: HumanReportStyle = PLAIN): string {
  const sections = [verdict(report, style)];
  if (report.compositionErrors?.length) {
    sections.push(
      `Composition errors (${report.compositionErrors.length})\n${indent(
        formatTable(
          ['CODE', 'MESSAGE', 'LOCATION'],
          report.compositionErrors.map((error) => [
            error.code,
            error.message,
            error.locations.map((l) => `${l.subgraph ?? '(supergraph)'}:${l.line}:${l.column}`).join(', '),
          ]),
        ),
      )}`,
    );
  }
  for (const severity of SEVERITIES) {
    const changes = report.changes.filter((change) => change.severity === severity);
    if (changes.length === 0) continue;
    const rows = changes.map((change) => [
      change.code,
      change.coordinate,
      change.message,
      where(change.location),
    ]);
    sections.push(
      `${HEADINGS[severity]} (${changes.length})\n${indent(formatTable(['CODE', 'COORDINATE', 'MESSAGE', 'LOCATION'], rows))}`,
    );
  }
  const usage = usageSection(report);
  if (usage) sections.push(usage);
  if (report.lintFindings?.length) {
    const rows = report.lintFindings.map((finding) => [
      finding.severity,
      finding.rule,
      finding.coordinate ?? '',
      finding.message,
    ]);
    sections.push(
      `Lint findings (${report.lintFindings.length})\n${indent(formatTable(['SEVERITY', 'RULE', 'COORDINATE', 'MESSAGE'], rows))}`,
    );
  }
  if (report.brokenOperations?.length) {
    const rows = report.brokenOperations.map((broken) => [
      broken.client,
      broken.clientVersion,
      broken.operationName ?? '(anonymous)',
      broken.operationId.slice(0, 12),
      broken.errors.map((error) => error.message).join('; '),
    ]);
    sections.push(
      `Registered operations broken (${report.brokenOperations.length})\n${indent(
        formatTable(['CLIENT', 'VERSION', 'OPERATION', 'ID', 'ERROR'], rows),
      )}`,
    );
  }
  return `${sections.join('\n')}`;
}

/**
 * `Schema check failed (a → b): breaking changes; 1 breaking change, 2 safe changes (fails on breaking).` — what
 * failed (composition, breaking, dangerous, lint), the counts, and the stages that did not run.
 */
function verdict(report: CheckReport, style: HumanReportStyle): string {
  const { stages, failedBecause } = checkStages(report);
  const compared = report.old && report.new ? ` (${report.old.name} → ${report.new.name})` : '';
  const outcome = report.passed ? style.passed('Schema check passed') : style.failed(`Schema check failed`);
  const policy = report.failOn === 'dangerous' ? 'fails on breaking or dangerous' : 'fails on breaking';
  if (stages.composition === 'failed') {
    const errors = report.compositionErrors?.length ?? 0;
    return (
      `${outcome}${compared}: composition failed with ${plural(errors, 'error')}; ` +
      `the change diff and lint did not run.\n`
    );
  }
  const reasons = failedBecause.map((reason) => REASONS[reason]);
  const why = reasons.length > 0 ? `${reasons.join(', ')}; ` : '';
  const lintErrors = (report.lintFindings ?? []).filter((f) => f.severity === 'error').length;
  const lint = stages.lint === 'failed' ? `, ${plural(lintErrors, 'lint error')}` : '';
  const broken = report.brokenOperations?.length ?? 0;
  const operations = broken === 0 ? '' : `, ${plural(broken, 'registered operation')} broken`;
  const allowed = report.changes.filter(
    (change) =>
      change.usage && failsCheck(change.severity, report.failOn) && !changeFails(change, report.failOn),
  ).length;
  const byUsage = allowed === 0 ? '' : `, ${plural(allowed, 'change')} unused or below the usage thresholds`;
  return `${outcome}${compared}: ${why}${changeCounts(report)}${lint}${operations}${byUsage} (${policy}).\n`;
}

const REASONS = {
  composition: 'composition failed',
  breaking: 'breaking changes',
  dangerous: 'dangerous changes (--fail-on dangerous)',
  lint: 'lint errors',
  operations: 'registered operations broken',
} as const;

/**
 * Usage of the failing changes (registry checks): per change its outcome and reason, then the client versions
 * that used it (requests, last seen) and the active registered operations that use it.
 */
function usageSection(report: CheckReport): string | null {
  const changes = report.changes.filter((change) => change.usage !== undefined);
  const first = changes[0]?.usage;
  if (!first) return null;
  const lines = [
    `Usage of failing changes (${first.period}: ${first.from} → ${first.to})\n${indent(
      formatTable(
        ['COORDINATE', 'CODE', 'OUTCOME', 'REASON'],
        changes.map((change) => [
          change.coordinate,
          change.code,
          change.usage?.outcome ?? '',
          change.usage?.reason ?? '',
        ]),
      ),
    )}`,
  ];
  for (const change of changes) {
    const usage = change.usage;
    if (!usage) continue;
    if (usage.clients.length > 0) {
      lines.push(
        indent(
          `${change.coordinate}: used by\n${indent(
            formatTable(
              ['CLIENT', 'VERSION', 'REQUESTS', 'LAST SEEN'],
              usage.clients.map((client) => [
                client.clientName ?? '(unknown client)',
                client.clientVersion ?? '-',
                String(client.requests),
                client.lastSeen ?? '-',
              ]),
            ),
          )}`,
        ),
      );
    }
    if (usage.registeredOperations.length > 0) {
      lines.push(
        indent(
          `${change.coordinate}: active registered operations\n${indent(
            formatTable(
              ['CLIENT', 'VERSION', 'OPERATION', 'ID'],
              usage.registeredOperations.map((operation) => [
                operation.clientName,
                operation.clientVersion,
                operation.operationName ?? '(anonymous)',
                operation.operationId.slice(0, 12),
              ]),
            ),
          )}`,
        ),
      );
    }
  }
  return lines.join('\n');
}

function changeCounts(report: CheckReport): string {
  const parts = SEVERITIES.filter((severity) => report.counts[severity] > 0).map(
    (severity) => `${plural(report.counts[severity], `${severity} change`)}`,
  );
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function where(location: ReportLocation | undefined): string {
  return location ? `${location.file}:${location.line}:${location.column}` : '';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}
