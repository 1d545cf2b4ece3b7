import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';

/** `atrium whoami`: which token the CLI uses, its role and scope. */
export function whoamiCommand(ctx: CommandContext): Command {
  return registryCommand(
    'whoami',
    'show the registry token in use: its name, id, role, team, graphs and subgraphs',
  ).action(async (flags: RegistryFlags & JsonFlag) => {
    const client = ctx.createClient(flags);
    const me = await client.whoami();
    report(ctx, flags, { whoami: me, registry: client.url }, () =>
      [
        `Token:     ${me.name} (${me.id})`,
        `Role:      ${me.role}`,
        `Team:      ${me.team ?? '-'}`,
        `Graphs:    ${me.graphs === null ? 'all' : me.graphs.join(', ')}`,
        `Subgraphs: ${me.role !== 'publisher' ? '-' : me.subgraphs === null ? 'all' : me.subgraphs.join(', ')}`,
        `Registry:  ${client.url}`,
        '',
      ].join('\n'),
    );
  });
}
