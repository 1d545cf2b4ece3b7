import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { confirmDestructive, type YesFlag } from '../../confirm.js';
import { parseRef } from '../../parse-ref.js';

interface Flags extends RegistryFlags, JsonFlag, YesFlag {
  readonly reason?: string;
}

/** `atrium variant delete <graph@variant>`: admin; --yes, or typing the ref on a terminal. */
export function deleteVariantCommand(ctx: CommandContext): Command {
  return registryCommand(
    'delete',
    'delete a variant with its subgraphs, supergraph versions and checks (admin)',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@dev')
    .option('--yes', 'do not ask: confirm the deletion (required without a terminal)')
    .option('--reason <text>', 'why, for the audit logs')
    .action(async (refText: string, flags: Flags) => {
      const ref = parseRef(refText);
      const name = formatGraphRef(ref);
      await confirmDestructive(ctx, flags, name, `Deleting variant ${name} with its subgraphs and history`);
      const deleted = await ctx.createClient(flags).deleteVariant(ref, name, flags.reason);
      report(
        ctx,
        flags,
        { variant: deleted },
        () =>
          `Deleted variant ${name} (${deleted.subgraphs.length} subgraph${deleted.subgraphs.length === 1 ? '' : 's'}, ${deleted.versions} version${deleted.versions === 1 ? '' : 's'}). Hubs polling it now get 404 VARIANT_DELETED.\n`,
      );
    });
}
