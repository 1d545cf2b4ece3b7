import { changeFails, type CheckReport } from '../check-report.js';

/**
 * The report as JUnit XML, the format most CI systems show as test results: one test case per change
 * (a failure when the change fails the check), per composition error and per lint finding.
 */
export function formatJunitReport(report: CheckReport): string {
  const suites = [changesSuite(report)];
  if (report.compositionErrors) suites.push(compositionSuite(report));
  if (report.lintFindings) suites.push(lintSuite(report));
  if (report.brokenOperations) suites.push(operationsSuite(report));
  const tests = suites.reduce((sum, suite) => sum + suite.tests, 0);
  const failures = suites.reduce((sum, suite) => sum + suite.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="atrium schema check" tests="${tests}" failures="${failures}">`,
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

interface Suite {
  readonly tests: number;
  readonly failures: number;
  readonly xml: string;
}

interface Case {
  readonly classname: string;
  readonly name: string;
  readonly file?: string;
  readonly line?: number;
  readonly failure?: { readonly type: string; readonly message: string; readonly text: string };
}

function changesSuite(report: CheckReport): Suite {
  const cases: Case[] = report.changes.map((change) => ({
    classname: `schema.${change.severity}`,
    name: `${change.code} ${change.coordinate}`,
    ...(change.location ? { file: change.location.file, line: change.location.line } : {}),
    ...(changeFails(change, report.failOn)
      ? {
          failure: {
            type: change.code,
            message: change.message,
            text: `${change.severity} change at ${change.coordinate}: ${change.message}`,
          },
        }
      : {}),
  }));
  // An empty suite reads as "no tests ran" in some CI systems; say explicitly that nothing changed.
  if (cases.length === 0) cases.push({ classname: 'schema', name: 'no client-visible changes' });
  return suite('schema changes', cases);
}

function compositionSuite(report: CheckReport): Suite {
  const cases: Case[] = (report.compositionErrors ?? []).map((error) => {
    const first = error.locations[0];
    return {
      classname: 'composition',
      name: error.code,
      ...(first ? { file: first.subgraph ?? 'supergraph', line: first.line } : {}),
      failure: { type: error.code, message: error.message, text: error.message },
    };
  });
  if (cases.length === 0) cases.push({ classname: 'composition', name: 'composes' });
  return suite('composition', cases);
}

function lintSuite(report: CheckReport): Suite {
  const cases: Case[] = (report.lintFindings ?? []).map((finding) => ({
    classname: `lint.${finding.severity}`,
    name: `${finding.rule} ${finding.coordinate ?? ''}`.trim(),
    ...(finding.location ? { file: finding.location.file, line: finding.location.line } : {}),
    ...(finding.severity === 'error'
      ? { failure: { type: finding.rule, message: finding.message, text: finding.message } }
      : {}),
  }));
  if (cases.length === 0) cases.push({ classname: 'lint', name: 'no findings' });
  return suite('lint', cases);
}

function operationsSuite(report: CheckReport): Suite {
  const cases: Case[] = (report.brokenOperations ?? []).map((broken) => {
    const message = broken.errors.map((error) => error.message).join('; ');
    const name = broken.operationName ?? '(anonymous)';
    return {
      classname: `operations.${broken.client}`,
      name: `${broken.client}@${broken.clientVersion} ${name} ${broken.operationId}`,
      failure: {
        type: 'REGISTERED_OPERATION_BROKEN',
        message,
        text: `Operation ${name} (${broken.operationId}) of client ${broken.client} version ${broken.clientVersion} would no longer validate: ${message}`,
      },
    };
  });
  if (cases.length === 0) cases.push({ classname: 'operations', name: 'no registered operation breaks' });
  return suite('registered operations', cases);
}

function suite(name: string, cases: readonly Case[]): Suite {
  const failures = cases.filter((c) => c.failure).length;
  const lines = [`  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}">`];
  for (const c of cases) {
    const attributes = [
      `classname="${escapeXml(c.classname)}"`,
      `name="${escapeXml(c.name)}"`,
      ...(c.file === undefined ? [] : [`file="${escapeXml(c.file)}"`]),
      ...(c.line === undefined ? [] : [`line="${c.line}"`]),
    ].join(' ');
    if (!c.failure) {
      lines.push(`    <testcase ${attributes}/>`);
      continue;
    }
    lines.push(
      `    <testcase ${attributes}>`,
      `      <failure type="${escapeXml(c.failure.type)}" message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.text)}</failure>`,
      '    </testcase>',
    );
  }
  lines.push('  </testsuite>');
  return { tests: cases.length, failures, xml: lines.join('\n') };
}

/** Escapes text for XML content and double-quoted attribute values, dropping characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
