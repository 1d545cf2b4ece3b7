import type { Command } from 'commander';
import {
  emitReport,
  formatOption,
  registryCheckLocations,
  registryReport,
  type ReportFlags,
} from '../../check-output.js';
import { registryCommand, type CommandContext, type RegistryFlags } from '../../command-context.js';
import { formatGitContext } from '../../git-context.js';

export function showCheckCommand(ctx: CommandContext): Command {
  return registryCommand('show', 'show a stored schema check and its report')
    .argument('<check-id>', 'check id, as printed by `subgraph check` or `check list`')
    .addOption(formatOption())
    .option('--output <file>', 'write the report to a file; the human report then goes to stdout')
    .action(async (id: string, flags: RegistryFlags & ReportFlags) => {
      const check = await ctx.createClient(flags).getCheck(id);
      if (flags.json) {
        ctx.io.stdout(
          `${JSON.stringify({ check: { ...check, report: registryReport(check.report) } }, null, 2)}\n`,
        );
        return;
      }
      const header =
        `Check ${check.id}: ${check.action} ${check.subgraph} in ${check.graph}@${check.variant}, ` +
        `by ${check.createdBy} at ${check.createdAt} (${check.origin}).\n` +
        (check.approval
          ? `Approved by ${check.approval.approvedBy} at ${check.approval.createdAt}${check.approval.reason ? `: ${check.approval.reason}` : ''} ` +
            `(${check.approval.expired ? 'expired' : 'valid until'} ${check.approval.expiresAt}; for base version ${check.baseVersion ?? 'none'}` +
            `${check.approval.contextId ? `; follows context ${check.approval.contextId}` : ''}).\n`
          : '') +
        (check.git ? `Git: ${formatGitContext(check.git)}.\n` : '') +
        (check.contextId ? `Context: ${check.contextId}.\n` : '') +
        (check.coveredBy
          ? `Covered by the approval of check ${check.coveredBy.checkId} by ${check.coveredBy.approvedBy} (context ${check.coveredBy.contextId}).\n`
          : '');
      if ((flags.format ?? 'human') === 'human' && flags.output === undefined) ctx.io.stdout(header);
      await emitReport(ctx, flags, registryReport(check.report), {
        notice: `Check ${check.id}: ${check.action} ${check.subgraph} in ${check.graph}@${check.variant}.\n`,
        ci: registryCheckLocations(ctx, flags, `${check.graph}@${check.variant}`, check.subgraph, undefined),
      });
    });
}
