import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseRef } from '../../parse-ref.js';

interface Flags extends RegistryFlags, JsonFlag {
  readonly name: string;
  readonly team: string;
  readonly contact?: string;
}

/** `atrium subgraph owner`: sets a subgraph's owner team and contact (admin, or the current owner team). */
export function subgraphOwnerCommand(ctx: CommandContext): Command {
  return registryCommand('owner', "set a subgraph's owner team and contact (admin or current owner)")
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .requiredOption('--name <name>', 'subgraph name')
    .requiredOption(
      '--team <team>',
      'owner team: its publisher tokens may publish, delete, approve and force',
    )
    .option('--contact <contact>', 'owner contact, e.g. a chat channel or e-mail (default: unchanged)')
    .action(async (refText: string, flags: Flags) => {
      const ref = parseRef(refText);
      const owner = await ctx.createClient(flags).setSubgraphOwner(ref, flags.name, {
        team: flags.team,
        ...(flags.contact === undefined ? {} : { contact: flags.contact }),
      });
      report(
        ctx,
        flags,
        { owner },
        () =>
          `Subgraph ${flags.name} in ${formatGraphRef(ref)} is owned by team ${owner.team ?? '(none)'}` +
          `${owner.contact ? ` (contact: ${owner.contact})` : ''}.\n`,
      );
    });
}
