import { Option, type Command } from 'commander';
import type { TokenRole } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';

export function createTokenCommand(ctx: CommandContext): Command {
  return registryCommand('create', 'create a registry token (admin); its secret is printed once')
    .requiredOption('--name <name>', 'who or what uses the token, e.g. ci-accounts')
    .addOption(
      new Option('--role <role>', 'what the token may do (usage: a hub reporting usage, nothing else)')
        .choices(['admin', 'publisher', 'reader', 'usage'])
        .makeOptionMandatory(),
    )
    .option('--subgraph <name...>', 'publisher only: limit the token to these subgraphs')
    .option(
      '--graph <name...>',
      'publisher, reader or usage: limit the token to these graphs (repeatable; default: every graph)',
    )
    .option(
      '--team <team>',
      "publisher only: the token's team; it owns the subgraphs whose owner team this is",
    )
    .action(
      async (
        flags: RegistryFlags &
          JsonFlag & { name: string; role: TokenRole; subgraph?: string[]; graph?: string[]; team?: string },
      ) => {
        const created = await ctx.createClient(flags).createToken({
          name: flags.name,
          role: flags.role,
          subgraphs: flags.subgraph,
          graphs: flags.graph,
          team: flags.team,
        });
        report(
          ctx,
          flags,
          created,
          () =>
            `Created ${created.token.role} token ${created.token.id} (${created.token.name})` +
            `${created.token.graphs ? ` for graphs ${created.token.graphs.join(', ')}` : ''}. Its secret, shown only now:\n${created.secret}\n`,
        );
      },
    );
}
