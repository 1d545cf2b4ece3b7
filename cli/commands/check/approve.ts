import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';

export function approveCheckCommand(ctx: CommandContext): Command {
  return registryCommand(
    'approve',
    "approve a failed check's breaking changes (admin or owner): a later publish of the same SDL (or, for a --delete check, " +
      'the delete) passes the gate while the variant is still at the version the check compared with, the subgraph was not ' +
      're-created, and the approval has not expired ($ATRIUM_APPROVAL_TTL_SECONDS of the registry, default 7 days); ' +
      'approving an approved check again fails (CHECK_ALREADY_APPROVED) until its approval expires',
  )
    .argument('<check-id>', 'check id')
    .option('--reason <text>', 'why; recorded in the audit log')
    .action(async (id: string, flags: RegistryFlags & JsonFlag & { reason?: string }) => {
      const check = await ctx.createClient(flags).approveCheck(id, flags.reason);
      report(
        ctx,
        flags,
        { check },
        () =>
          `Approved check ${check.id} (${check.subgraph} in ${check.graph}@${check.variant}) as ${check.approval?.approvedBy ?? '?'}, ` +
          `valid until ${check.approval?.expiresAt ?? '?'} while the variant is at ${check.baseVersion === null ? 'no supergraph' : `version ${check.baseVersion}`}: ` +
          (check.action === 'delete'
            ? `deleting ${check.subgraph} now passes the gate.\n`
            : `publishing the same SDL of ${check.subgraph} now passes the gate.\n`),
      );
    });
}
