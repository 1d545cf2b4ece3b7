import { Command } from 'commander';
import {
  buildPlainSchema,
  parseSdl,
  type SdlBuildResult,
} from '../../../registry/checks/build-plain-schema.js';
import { detectSdlKind } from '../../../registry/checks/sdl-kind.js';
import { createCheckReport, type FailOn } from '../../../registry/checks/check-report.js';
import { locateChanges } from '../../../registry/checks/locate-changes.js';
import {
  emitReport,
  failOnOption,
  formatOption,
  repositoryPath,
  reportFormat,
  schemaPathPrefixOption,
  type ReportFlags,
  type ReportFormat,
} from '../../check-output.js';
import { CliError } from '../../cli-error.js';
import type { CommandContext } from '../../command-context.js';
import { ExitCode } from '../../exit-codes.js';
import { readSchemaInput } from '../../schema-input.js';

interface Flags extends ReportFlags {
  readonly failOn: FailOn;
}

/** Exit code when the check fails (a breaking change, or a dangerous one with `--fail-on dangerous`). */
export const CHECK_FAILED_EXIT_CODE = ExitCode.REJECTED;

/**
 * `atrium schema diff <old> <new>`: classify the changes between two SDL files without a registry. Plain
 * schemas, subgraph SDL and supergraph SDL are accepted (see docs/checks.md). Exit 0 when the check passes, 1
 * when it fails, 2 for a usage error or an SDL that does not parse or validate.
 */
export function schemaDiffCommand(ctx: CommandContext): Command {
  return new Command('diff')
    .description(
      'classify the changes between two schema files (breaking, dangerous, safe) without a registry',
    )
    .argument('<old>', 'SDL file of the current schema, or - for stdin')
    .argument('<new>', 'SDL file of the proposed schema, or - for stdin')
    .option('--json', 'print the report as JSON on stdout (same as --format json)')
    .addOption(formatOption())
    .option('--output <file>', 'write the report to a file; the human report then goes to stdout')
    .addOption(failOnOption())
    .addOption(schemaPathPrefixOption())
    .action(async (oldPath: string, newPath: string, flags: Flags) => {
      const format = reportFormat(flags);
      if (oldPath === '-' && newPath === '-')
        throw CliError.usage('only one of <old> and <new> can be read from stdin');
      const [oldSdl, newSdl] = [
        await readSchemaInput(ctx.io, oldPath),
        await readSchemaInput(ctx.io, newPath),
      ];
      const oldBuilt = await buildSdl(oldSdl, sourceName(oldPath));
      const newBuilt = await buildSdl(newSdl, sourceName(newPath));
      if (!oldBuilt.ok || !newBuilt.ok) {
        reportInvalidSdl(ctx, format, [
          [sourceName(oldPath), oldBuilt],
          [sourceName(newPath), newBuilt],
        ]);
        return;
      }
      const { diffSchemas } = await import('../../../registry/checks/classify-changes.js');
      const changes = await diffSchemas(oldBuilt.schema, newBuilt.schema);
      const report = createCheckReport({
        changes: locateChanges(changes, {
          old: { file: sourceName(oldPath), document: oldBuilt.document },
          new: { file: sourceName(newPath), document: newBuilt.document },
        }),
        failOn: flags.failOn,
        old: { name: sourceName(oldPath), kind: oldBuilt.kind },
        new: { name: sourceName(newPath), kind: newBuilt.kind },
      });
      await emitReport(ctx, flags, report, {
        ci: {
          fileFor: (name) =>
            name === '<stdin>'
              ? { file: `atrium://stdin/${oldPath === '-' ? 'old' : 'new'}.graphql` }
              : { file: repositoryPath(ctx.io.cwd, name, flags.schemaPathPrefix) },
        },
      });
      ctx.exitCode = report.passed ? ExitCode.OK : CHECK_FAILED_EXIT_CODE;
    });
}

/**
 * Plain schemas are built with graphql-js alone; federation-internals is loaded only for subgraph or supergraph
 * SDL (it takes longer to load than a 1 MB plain schema takes to build).
 */
async function buildSdl(sdl: string, name: string): Promise<SdlBuildResult> {
  const parsed = parseSdl(sdl, name);
  if (!parsed.ok) return parsed;
  if (detectSdlKind(parsed.document, sdl) === 'schema') return buildPlainSchema(parsed.document);
  const { buildParsedSdl } = await import('../../../registry/checks/build-sdl-schema.js');
  return buildParsedSdl(parsed.document, sdl, name);
}

function sourceName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

/** An SDL that does not parse or validate is a usage error (exit 2), reported with file:line:column. */
function reportInvalidSdl(
  ctx: CommandContext,
  format: ReportFormat,
  results: readonly (readonly [string, SdlBuildResult])[],
): void {
  const failures = results.flatMap(([file, result]) =>
    result.ok ? [] : [{ file, stage: result.stage, errors: result.errors }],
  );
  ctx.exitCode = ExitCode.USAGE;
  if (format === 'json') {
    const message = failures
      .map(
        ({ file, stage, errors }) =>
          `${file} does not ${stage === 'parse' ? 'parse' : 'validate'}: ${errors[0]?.message ?? ''}`,
      )
      .join('; ');
    ctx.io.stdout(
      `${JSON.stringify({ error: { code: 'INVALID_SDL', message, files: failures } }, null, 2)}\n`,
    );
    return;
  }
  const lines = failures.flatMap(({ file, stage, errors }) => [
    `error: ${file} does not ${stage === 'parse' ? 'parse' : 'validate'}:`,
    ...errors.map((error) => {
      const at = error.locations[0];
      return `  ${file}${at ? `:${at.line}:${at.column}` : ''}: ${error.message}`;
    }),
  ]);
  ctx.io.stderr(`${lines.join('\n')}\n`);
}
