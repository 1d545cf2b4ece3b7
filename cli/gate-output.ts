import { Option } from 'commander';
import { formatHumanReport } from '../registry/checks/report/human.js';
import type { GateBypass, GateRefusal } from './client/index.js';
import { CliError } from './cli-error.js';
import { report, type CommandContext, type JsonFlag } from './command-context.js';
import { ExitCode } from './exit-codes.js';
import { outputStyle } from './output-style.js';

// The publish and delete gate as the CLI shows it (docs/registry-api.md, "Publish" and "Delete").

export interface ForceFlags {
  readonly force?: boolean;
  readonly reason?: string;
}

export const forceOption = (write: 'publish' | 'delete'): Option =>
  new Option('--force', `${write} even though the check fails (admin or owner; needs --reason)`);
export const reasonOption = (): Option =>
  new Option(
    '--reason <text>',
    'why --force; goes to the audit log (a forced write is audited as forced with this reason, even if an approval exists)',
  );

/**
 * A publish or delete refused because its check failed (exit 1): the outcome as JSON, or the human report and
 * the two ways through on stderr.
 */
export function reportGateRefusal(
  ctx: CommandContext,
  flags: JsonFlag,
  refusal: GateRefusal,
  write: 'publish' | 'delete',
): void {
  ctx.exitCode = ExitCode.REJECTED;
  if (flags.json) {
    report(ctx, flags, refusal, () => '');
    return;
  }
  const id = refusal.checkId;
  const verb = write === 'publish' ? 'Publish' : 'Delete';
  const ignored = refusal.ignoredApprovals.map((approval) => `Note: ${approval.message}.\n`).join('');
  ctx.io.stderr(
    `${formatHumanReport(refusal.report, outputStyle(ctx.io, 'stderr'))}${ignored}${verb} refused: the check failed (check ${id}). ` +
      `Approve it (atrium check approve ${id} --reason "…") and ${write} again, or ${write} with --force --reason "…" (admin or owner).\n`,
  );
}

/**
 * How a failed check was let through, for the human output of a publish or delete. When the check passed: empty,
 * or, if `--force` was given, that nothing was forced (the reason is not recorded: there was nothing to audit).
 */
export function formatBypass(bypass: GateBypass | null, flags: ForceFlags = {}): string {
  if (!bypass)
    return flags.force ? 'The check passed: --force was not needed, nothing was forced or audited.\n' : '';
  const how =
    bypass.kind === 'approved'
      ? `approved by ${bypass.by} (check ${bypass.checkId})`
      : `forced by ${bypass.by}`;
  return `Breaking changes ${how}${bypass.reason ? `: ${bypass.reason}` : ''}.\n`;
}

/** `--force` goes through a failed check and needs `--reason`, which goes to the audit log. */
export function forceFlags(flags: ForceFlags): { force?: true; reason?: string } {
  if (!flags.force) return {};
  if (!flags.reason?.trim()) throw CliError.usage('--force needs --reason "…" (it goes to the audit log)');
  return { force: true, reason: flags.reason };
}
