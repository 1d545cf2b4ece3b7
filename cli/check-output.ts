import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { FAIL_ON_VALUES, type CheckReport } from '../registry/checks/check-report.js';
import { formatHumanReport } from '../registry/checks/report/human.js';
import { formatJsonReport } from '../registry/checks/report/json.js';
import { formatJunitReport } from '../registry/checks/report/junit.js';
import { formatSarifReport } from '../registry/checks/report/sarif.js';
import { CliError } from './cli-error.js';
import type { CommandContext } from './command-context.js';

/** How a check report is printed or written: the formats of `atrium schema diff` (docs/checks.md). */
export type ReportFormat = 'human' | 'json' | 'junit' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['human', 'json', 'junit', 'sarif'];

const FORMATTERS: Record<ReportFormat, (report: CheckReport) => string> = {
  human: formatHumanReport,
  json: formatJsonReport,
  junit: formatJunitReport,
  sarif: formatSarifReport,
};

export interface ReportFlags {
  readonly json?: boolean;
  readonly format?: ReportFormat;
  readonly output?: string;
}

export const formatOption = (): Option =>
  new Option('--format <format>', 'report format').choices(REPORT_FORMATS);
export const failOnOption = (): Option =>
  new Option('--fail-on <severity>', 'lowest severity that fails the check')
    .choices(FAIL_ON_VALUES)
    .default('breaking');

export function reportFormat(flags: ReportFlags): ReportFormat {
  if (flags.json && flags.format !== undefined && flags.format !== 'json') {
    throw CliError.usage(`--json conflicts with --format ${flags.format}`);
  }
  return flags.json ? 'json' : (flags.format ?? 'human');
}

/**
 * Prints the report in the chosen format, or writes it to `--output` and prints the human report (so CI logs
 * stay readable). `humanFooter` follows the human report (e.g. the stored check id).
 */
export async function emitReport(
  ctx: CommandContext,
  flags: ReportFlags,
  report: CheckReport,
  humanFooter = '',
): Promise<void> {
  const format = reportFormat(flags);
  const text = FORMATTERS[format](report);
  if (flags.output === undefined) {
    ctx.io.stdout(format === 'human' ? `${text}${humanFooter}` : text);
    return;
  }
  try {
    await writeFile(resolve(ctx.io.cwd, flags.output), text, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw CliError.usage(`cannot write report to ${flags.output}: ${reason}`);
  }
  ctx.io.stdout(
    format === 'human'
      ? `Report written to ${flags.output}.\n`
      : `${formatHumanReport(report)}${humanFooter}`,
  );
}

/** The registry names the proposed subgraph's SDL after the subgraph; point those locations at the local file. */
export function relocateReport(report: CheckReport, subgraph: string, file: string): CheckReport {
  const move = <T extends { location?: { file: string; line: number; column: number } }>(item: T): T =>
    item.location?.file === subgraph ? { ...item, location: { ...item.location, file } } : item;
  return {
    ...report,
    changes: report.changes.map(move),
    ...(report.lintFindings ? { lintFindings: report.lintFindings.map(move) } : {}),
  };
}
