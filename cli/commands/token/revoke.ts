import type { Command } from 'commander';
import { RegistryApiError } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { confirmDestructive, type YesFlag } from '../../confirm.js';

export function revokeTokenCommand(ctx: CommandContext): Command {
  return registryCommand(
    'revoke',
    'revoke a registry token by id or name (admin); the last active admin token needs --yes',
  )
    .argument('<name|id>', 'token id or name, as listed by `atrium token list`')
    .option('--yes', 'confirm revoking the last active admin token (nobody can manage the registry after)')
    .action(async (idOrName: string, flags: RegistryFlags & JsonFlag & YesFlag) => {
      const client = ctx.createClient(flags);
      let token;
      try {
        token = await client.revokeToken(idOrName, flags.yes ? idOrName : undefined);
      } catch (error) {
        if (!(error instanceof RegistryApiError) || error.code !== 'LAST_ADMIN_TOKEN' || flags.yes)
          throw error;
        // On a terminal, ask; without one this throws a usage error naming --yes.
        await confirmDestructive(
          ctx,
          flags,
          idOrName,
          `Token ${idOrName} is the last active admin token: revoking it`,
        );
        token = await client.revokeToken(idOrName, idOrName);
      }
      report(ctx, flags, { token }, () => `Revoked token ${token.id} (${token.name}).\n`);
    });
}
