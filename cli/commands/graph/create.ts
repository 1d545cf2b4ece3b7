import type { Command } from 'commander';
import { formatGraphRef } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseGraphName, parseRef } from '../../parse-ref.js';

/** `atrium graph create shop` creates a graph; `atrium graph create shop@prod` an empty variant of it. */
export function createGraphCommand(ctx: CommandContext): Command {
  return registryCommand(
    'create',
    'create a graph, or with <graph@variant> an empty variant of an existing graph (admin); ' +
      'a variant is also created by its first publish, and reads and checks of a variant that does not exist fail',
  )
    .argument('<graph|graph@variant>', 'graph name, e.g. shop, or graph ref, e.g. shop@prod')
    .action(async (name: string, flags: RegistryFlags & JsonFlag) => {
      const client = ctx.createClient(flags);
      if (name.includes('@')) {
        const variant = await client.createVariant(parseRef(name));
        report(
          ctx,
          flags,
          { variant },
          () => `Created variant ${formatGraphRef({ graph: variant.graph, variant: variant.name })}.\n`,
        );
        return;
      }
      const graph = await client.createGraph(parseGraphName(name));
      report(ctx, flags, { graph }, () => `Created graph ${graph.name}.\n`);
    });
}
