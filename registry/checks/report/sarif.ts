import { changeCodeDefinition, type ChangeCode, type Severity } from '../change-codes.js';
import {
  changeFails,
  failsCheck,
  type CheckReport,
  type FailOn,
  type ReportLocation,
} from '../check-report.js';

/**
 * The report as SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), which GitHub code scanning and
 * other CI systems turn into pull-request annotations. One rule per change code that occurs, one result per
 * change: `error` when it fails the check, `warning` for other dangerous changes, `note` for safe ones. Each
 * result has the schema coordinate as logical location and, when known, the file and line.
 */
export function formatSarifReport(report: CheckReport): string {
  return `${JSON.stringify(sarifLog(report), null, 2)}\n`;
}

/** The rule of a registered operation a proposal breaks. */
const BROKEN_OPERATION_RULE = 'REGISTERED_OPERATION_BROKEN';

/** The project has no public URL yet, so rules point at the docs by path rather than by `helpUri`. */
const DOCS_PATH = 'docs/checks.md';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: Record<string, unknown>;
}

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}

interface SarifLocation {
  physicalLocation?: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn: number };
  };
  logicalLocations?: { fullyQualifiedName: string; kind: string }[];
}

export function sarifLog(report: CheckReport): Record<string, unknown> {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (rule: SarifRule): number => {
    const known = ruleIndex.get(rule.id);
    if (known !== undefined) return known;
    rules.push(rule);
    ruleIndex.set(rule.id, rules.length - 1);
    return rules.length - 1;
  };

  const results: SarifResult[] = [];
  for (const change of report.changes) {
    // A change usage found unused or below the thresholds does not fail the check: a warning, with the reason.
    const level =
      change.usage && !changeFails(change, report.failOn) && failsCheck(change.severity, report.failOn)
        ? 'warning'
        : levelOf(change.severity, report.failOn);
    results.push({
      ruleId: change.code,
      ruleIndex: indexOf(changeRule(change.code, report.failOn)),
      level,
      message: { text: change.usage ? `${change.message} (usage: ${change.usage.reason})` : change.message },
      locations: [location(change.coordinate, change.location)],
      partialFingerprints: { 'atriumSchemaChange/v1': `${change.code}:${change.coordinate}` },
      properties: { severity: change.severity },
    });
  }
  for (const error of report.compositionErrors ?? []) {
    const first = error.locations[0];
    results.push({
      ruleId: error.code,
      ruleIndex: indexOf(plainRule(error.code, 'Composition error', 'error')),
      level: 'error',
      message: { text: error.message },
      locations: [
        first?.subgraph
          ? {
              physicalLocation: {
                artifactLocation: { uri: first.subgraph },
                region: { startLine: first.line, startColumn: first.column },
              },
            }
          : { logicalLocations: [{ fullyQualifiedName: 'supergraph', kind: 'module' }] },
      ],
      partialFingerprints: { 'atriumCompositionError/v1': `${error.code}:${error.message}` },
    });
  }
  for (const finding of report.lintFindings ?? []) {
    const level = finding.severity === 'error' ? 'error' : 'warning';
    results.push({
      ruleId: finding.rule,
      ruleIndex: indexOf(plainRule(finding.rule, 'Schema lint rule', level)),
      level,
      message: { text: finding.message },
      locations: [location(finding.coordinate ?? 'schema', finding.location)],
      partialFingerprints: { 'atriumLintFinding/v1': `${finding.rule}:${finding.coordinate ?? ''}` },
    });
  }

  for (const broken of report.brokenOperations ?? []) {
    const name = broken.operationName ?? '(anonymous)';
    results.push({
      ruleId: BROKEN_OPERATION_RULE,
      ruleIndex: indexOf(
        plainRule(BROKEN_OPERATION_RULE, 'Registered operation of an active client version broken', 'error'),
      ),
      level: 'error',
      message: {
        text: `Operation ${name} of client ${broken.client} version ${broken.clientVersion} would no longer validate: ${broken.errors.map((error) => error.message).join('; ')}`,
      },
      locations: [
        {
          logicalLocations: [
            {
              fullyQualifiedName: `${broken.client}@${broken.clientVersion}/${name}`,
              kind: 'function',
            },
          ],
        },
      ],
      partialFingerprints: {
        'atriumBrokenOperation/v1': `${broken.client}:${broken.clientVersion}:${broken.operationId}`,
      },
      properties: {
        client: broken.client,
        clientVersion: broken.clientVersion,
        operationId: broken.operationId,
        operationName: broken.operationName,
      },
    });
  }

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'atrium', rules } },
        results,
        ...(report.checkId === undefined ? {} : { automationDetails: { id: report.checkId } }),
      },
    ],
  };
}

function levelOf(severity: Severity, failOn: FailOn): SarifLevel {
  if (failsCheck(severity, failOn)) return 'error';
  return severity === 'dangerous' ? 'warning' : 'note';
}

function changeRule(code: ChangeCode, failOn: FailOn): SarifRule {
  const definition = changeCodeDefinition(code);
  return {
    id: code,
    name: pascalCase(code),
    shortDescription: { text: `${definition.severity} schema change: ${code}` },
    fullDescription: { text: definition.description },
    help: { text: `See ${DOCS_PATH}, section ${code}.` },
    defaultConfiguration: { level: levelOf(definition.severity, failOn) },
    properties: { severity: definition.severity, tags: ['graphql', 'schema-change'] },
  };
}

function plainRule(id: string, description: string, level: SarifLevel): SarifRule {
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: `${description}: ${id}` },
    help: { text: `See ${DOCS_PATH}.` },
    defaultConfiguration: { level },
    properties: {},
  };
}

function location(coordinate: string, at: ReportLocation | undefined): SarifLocation {
  return {
    ...(at
      ? {
          physicalLocation: {
            artifactLocation: { uri: at.file.replace(/\\/g, '/') },
            region: { startLine: at.line, startColumn: at.column },
          },
        }
      : {}),
    logicalLocations: [{ fullyQualifiedName: coordinate, kind: logicalKind(coordinate) }],
  };
}

/** SARIF logical location kinds for schema coordinates. */
function logicalKind(coordinate: string): string {
  if (coordinate === 'schema') return 'module';
  if (coordinate.includes('(')) return 'parameter';
  if (coordinate.startsWith('@')) return 'declaration';
  if (coordinate.includes('.')) return 'member';
  return 'type';
}

function pascalCase(code: string): string {
  return code
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}
