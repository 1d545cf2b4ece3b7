import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';

export function revokeTokenCommand(ctx: CommandContext): Command {
  return registryCommand('revoke', 'revoke a registry token (admin)')
    .argument('<id>', 'token id, as listed by `atrium token list`')
    .action(async (id: string, flags: RegistryFlags & JsonFlag) => {
      const token = await ctx.createClient(flags).revokeToken(id);
      report(ctx, flags, { token }, () => `Revoked token ${token.id} (${token.name}).\n`);
    });
}
