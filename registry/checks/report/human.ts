import { formatTable } from '../../../lib/text-table.js';
import { SEVERITIES, type Severity } from '../change-codes.js';
import type { CheckReport, ReportLocation } from '../check-report.js';

const HEADINGS: Record<Severity, string> = {
  breaking: 'Breaking changes',
  dangerous: 'Dangerous changes',
  safe: 'Safe changes',
};

/** The report as text for a terminal: a verdict line, then one table per severity. */
export function formatHumanReport(report: CheckReport): string {
  const sections = [verdict(report)];
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

function verdict(report: CheckReport): string {
  const { breaking, dangerous, safe } = report.counts;
  const total = breaking + dangerous + safe;
  const compared = report.old && report.new ? ` (${report.old.name} → ${report.new.name})` : '';
  const outcome = report.passed ? '✔ Schema check passed' : '✖ Schema check failed';
  const counts =
    total === 0
      ? 'no changes'
      : `${breaking} breaking, ${dangerous} dangerous, ${safe} safe change${total === 1 ? '' : 's'}`;
  const policy = report.failOn === 'dangerous' ? 'fails on breaking or dangerous' : 'fails on breaking';
  const broken = report.brokenOperations?.length ?? 0;
  const operations =
    broken === 0
      ? ''
      : `; breaks ${broken} registered operation${broken === 1 ? '' : 's'} of active client versions`;
  return `${outcome}${compared}: ${counts} (${policy})${operations}.\n`;
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
