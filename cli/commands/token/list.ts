import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { formatTable } from '../../../lib/text-table.js';

export function listTokensCommand(ctx: CommandContext): Command {
  return registryCommand('list', 'list registry tokens (admin); secrets are never shown').action(
    async (flags: RegistryFlags & JsonFlag) => {
      const tokens = await ctx.createClient(flags).listTokens();
      report(ctx, flags, { tokens }, () =>
        formatTable(
          ['ID', 'NAME', 'ROLE', 'TEAM', 'GRAPHS', 'SUBGRAPHS', 'CREATED', 'REVOKED'],
          tokens.map((t) => [
            t.id,
            t.name,
            t.role,
            t.team ?? '-',
            t.graphs?.join(',') ?? '*',
            t.subgraphs?.join(',') ?? '*',
            t.createdAt,
            t.revokedAt ?? '',
          ]),
        ),
      );
    },
  );
}
