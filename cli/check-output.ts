import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Option } from 'commander';
import { checkStages, FAIL_ON_VALUES, type CheckReport } from '../registry/checks/check-report.js';
import { formatHumanReport } from '../registry/checks/report/human.js';
import { formatJsonReport } from '../registry/checks/report/json.js';
import { formatJunitReport } from '../registry/checks/report/junit.js';
import { formatSarifReport } from '../registry/checks/report/sarif.js';
import { CliError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { outputStyle, PLAIN_STYLE } from './output-style.js';

/** How a check report is printed or written: the formats of `atrium schema diff` (docs/checks.md). */
export type ReportFormat = 'human' | 'json' | 'junit' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['human', 'json', 'junit', 'sarif'];

const FORMATTERS: Record<Exclude<ReportFormat, 'human'>, (report: CheckReport) => string> = {
  json: formatJsonReport,
  junit: formatJunitReport,
  sarif: formatSarifReport,
};

export interface ReportFlags {
  readonly json?: boolean;
  readonly format?: ReportFormat;
  readonly output?: string;
  readonly schemaPathPrefix?: string;
}

export const formatOption = (): Option =>
  new Option('--format <format>', 'report format').choices(REPORT_FORMATS);
export const failOnOption = (): Option =>
  new Option('--fail-on <severity>', 'lowest severity that fails the check')
    .choices(FAIL_ON_VALUES)
    .default('breaking');
export const schemaPathPrefixOption = (): Option =>
  new Option(
    '--schema-path-prefix <prefix>',
    'junit/sarif: prefix the schema file paths with this (relative to the current directory) instead of making ' +
      'them relative to the git repository root, so CI annotations land on the right file',
  );

export function reportFormat(flags: ReportFlags): ReportFormat {
  if (flags.json && flags.format !== undefined && flags.format !== 'json') {
    throw CliError.usage(`--json conflicts with --format ${flags.format}`);
  }
  return flags.json ? 'json' : (flags.format ?? 'human');
}

/**
 * Where the report's locations point in CI formats (junit, sarif): `fileFor(name)` maps a source name of the
 * report (a subgraph, `products (current)`, a file given on the command line) to a repository-relative path or
 * a synthetic `atrium://…` URI, with `atLine` when the line numbers of that source do not apply to the file
 * (a removed field of the current SDL, shown at the top of the local file); undefined leaves it unchanged.
 */
export interface CiLocations {
  readonly fileFor: (name: string) => { file: string; atLine?: number } | undefined;
}

export interface EmitOptions {
  /** Follows the human report (e.g. the stored check id). */
  readonly humanFooter?: string;
  /** Printed on stderr when the report on stdout is not the human one (the stored check id). */
  readonly notice?: string;
  readonly ci?: CiLocations;
}

/**
 * Prints the report in the chosen format, or writes it to `--output` and prints the human report (so CI logs
 * stay readable).
 */
export async function emitReport(
  ctx: CommandContext,
  flags: ReportFlags,
  report: CheckReport,
  options: EmitOptions = {},
): Promise<void> {
  const format = reportFormat(flags);
  const footer = options.humanFooter ?? '';
  const machine = (): string => {
    if (format === 'human') return formatHumanReport(report, PLAIN_STYLE);
    const relocated =
      (format === 'junit' || format === 'sarif') && options.ci ? ciReport(report, options.ci) : report;
    return FORMATTERS[format](relocated);
  };
  if (flags.output === undefined) {
    if (format === 'human') ctx.io.stdout(`${formatHumanReport(report, outputStyle(ctx.io))}${footer}`);
    else {
      ctx.io.stdout(machine());
      if (options.notice) ctx.io.stderr(options.notice);
    }
    return;
  }
  try {
    await writeFile(resolve(ctx.io.cwd, flags.output), machine(), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw CliError.usage(`cannot write report to ${flags.output}: ${reason}`);
  }
  ctx.io.stdout(
    format === 'human'
      ? `Report written to ${flags.output}.\n${footer}`
      : `${formatHumanReport(report, outputStyle(ctx.io))}${footer}`,
  );
}

/** The registry names the proposed subgraph's SDL after the subgraph; point those locations at the local file. */
export function relocateReport(report: CheckReport, subgraph: string, file: string): CheckReport {
  return mapLocations(report, (name) => (name === subgraph ? { file } : undefined), false);
}

function ciReport(report: CheckReport, ci: CiLocations): CheckReport {
  return mapLocations(report, ci.fileFor, true);
}

function mapLocations(
  report: CheckReport,
  fileFor: CiLocations['fileFor'],
  compositionToo: boolean,
): CheckReport {
  const move = <T extends { location?: { file: string; line: number; column: number } }>(item: T): T => {
    const target = item.location && fileFor(item.location.file);
    if (!item.location || target === undefined) return item;
    const at = target.atLine === undefined ? {} : { line: target.atLine, column: 1 };
    return { ...item, location: { ...item.location, file: target.file, ...at } };
  };
  return {
    ...report,
    changes: report.changes.map(move),
    ...(report.lintFindings ? { lintFindings: report.lintFindings.map(move) } : {}),
    ...(compositionToo && report.compositionErrors
      ? {
          compositionErrors: report.compositionErrors.map((error) => ({
            ...error,
            locations: error.locations.map((l) => ({
              ...l,
              subgraph: l.subgraph === null ? null : (fileFor(l.subgraph)?.file ?? l.subgraph),
            })),
          })),
        }
      : {}),
  };
}

/**
 * A schema file as CI annotations want it: with `--schema-path-prefix`, the prefix and the path relative to the
 * current directory; else relative to the git repository root (the nearest directory holding `.git`); else
 * relative to the current directory. Always with `/`.
 */
export function repositoryPath(cwd: string, file: string, prefix?: string): string {
  const absolute = isAbsolute(file) ? file : resolve(cwd, file);
  if (prefix !== undefined) {
    const joined = join(prefix, relative(cwd, absolute));
    return joined.replace(/\\/g, '/');
  }
  let dir = cwd;
  for (;;) {
    if (existsSync(join(dir, '.git'))) return relative(dir, absolute).replace(/\\/g, '/');
    const parent = dirname(dir);
    if (parent === dir) return relative(cwd, absolute).replace(/\\/g, '/');
    dir = parent;
  }
}

/** A valid URI for SDL that is not a local file: a subgraph as stored in the registry, or stdin. */
export function registrySdlUri(ref: string, subgraph: string, which: 'current' | 'proposed'): string {
  return `atrium://registry/${encodeURIComponent(ref)}/subgraphs/${encodeURIComponent(subgraph)}/${which}.graphql`;
}

/**
 * CI locations of a registry check of `subgraph` in `ref`: the proposed SDL is the `--schema` file (when it is a
 * file), the current SDL of it and of the other subgraphs are registry URIs.
 */
export function registryCheckLocations(
  ctx: CommandContext,
  flags: ReportFlags,
  ref: string,
  subgraph: string,
  schemaFile: string | undefined,
): CiLocations {
  const local =
    schemaFile !== undefined && schemaFile !== '-'
      ? repositoryPath(ctx.io.cwd, schemaFile, flags.schemaPathPrefix)
      : undefined;
  const current = ' (current)';
  return {
    fileFor: (name) => {
      if (name === subgraph || name === schemaFile)
        return { file: local ?? registrySdlUri(ref, subgraph, 'proposed') };
      // What the current SDL had (a removed field): the local file when there is one, at its top.
      if (name === `${subgraph}${current}`)
        return local ? { file: local, atLine: 1 } : { file: registrySdlUri(ref, subgraph, 'current') };
      const other = name.endsWith(current) ? name.slice(0, -current.length) : name;
      return { file: registrySdlUri(ref, other, 'current') };
    },
  };
}

/**
 * A registry check's report as the CLI shows it: `compositionErrors` always present (`[]` when the proposal
 * composed) and the stages and failure reasons derived, also for checks stored before reports had them.
 */
export function registryReport(report: CheckReport): CheckReport {
  const withErrors = { ...report, compositionErrors: report.compositionErrors ?? [] };
  return { ...withErrors, ...checkStages(withErrors) };
}
