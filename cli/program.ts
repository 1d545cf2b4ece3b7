import { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { EXIT_CODES_HELP } from './exit-codes.js';
import { approveCheckCommand } from './commands/check/approve.js';
import { listChecksCommand } from './commands/check/list.js';
import { showCheckCommand } from './commands/check/show.js';
import { graphAuditCommand } from './commands/graph/audit.js';
import { graphChangelogCommand } from './commands/graph/changelog.js';
import { createGraphCommand } from './commands/graph/create.js';
import { graphHistoryCommand } from './commands/graph/history.js';
import { graphLintConfigCommand } from './commands/graph/lint-config.js';
import { listGraphsCommand } from './commands/graph/list.js';
import { devTokenCommand } from './commands/dev/token.js';
import { startHubCommand } from './commands/hub/start.js';
import { startRegistryCommand } from './commands/registry/start.js';
import { schemaDiffCommand } from './commands/schema/diff.js';
import { checkSubgraphCommand } from './commands/subgraph/check.js';
import { deleteSubgraphCommand } from './commands/subgraph/delete.js';
import { fetchSubgraphCommand } from './commands/subgraph/fetch.js';
import { listSubgraphsCommand } from './commands/subgraph/list.js';
import { subgraphOwnerCommand } from './commands/subgraph/owner.js';
import { publishSubgraphCommand } from './commands/subgraph/publish.js';
import { fetchSupergraphCommand } from './commands/supergraph/fetch.js';
import { createTokenCommand } from './commands/token/create.js';
import { listTokensCommand } from './commands/token/list.js';
import { revokeTokenCommand } from './commands/token/revoke.js';
import { usageDeprecatedCommand } from './commands/usage/deprecated.js';
import { usageDenialsCommand } from './commands/usage/denials.js';
import { usageFieldCommand } from './commands/usage/field.js';
import { usageUnusedCommand } from './commands/usage/unused.js';

const ENVIRONMENT_HELP = `Environment:
  ATRIUM_REGISTRY_URL          registry URL for registry commands (default http://127.0.0.1:4100)
  ATRIUM_TOKEN                 registry token for registry commands
  DATABASE_URL                 registry start: use PostgreSQL instead of embedded PGlite
  ATRIUM_ADMIN_TOKEN           registry start: the admin token to accept instead of generating one
                               (a revoked one stays revoked: the registry refuses to start with it)
  ATRIUM_APPROVAL_TTL_SECONDS  registry start: how long a check approval applies (default 604800, 7 days)`;

/** The `atrium` command tree. Each command is a factory over the shared context, so tests drive it in-process. */
export function buildProgram(ctx: CommandContext): Command {
  const group = (name: string, description: string, ...commands: Command[]): Command => {
    const parent = new Command(name).description(description);
    for (const command of commands) parent.addCommand(command);
    return parent;
  };

  const program = new Command('atrium')
    .description('Atrium: GraphQL federation schema registry, checks and hub')
    .version('0.1.0', '-V, --version')
    // `atrium -V` only: after a subcommand, `--version` is that command's own (`supergraph fetch --version 3`).
    .enablePositionalOptions()
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}\n\nDocs: docs/cli.md`)
    .addCommand(
      group(
        'subgraph',
        'check, publish, list, fetch and delete subgraph schemas; set their owners',
        checkSubgraphCommand(ctx),
        publishSubgraphCommand(ctx),
        listSubgraphsCommand(ctx),
        fetchSubgraphCommand(ctx),
        deleteSubgraphCommand(ctx),
        subgraphOwnerCommand(ctx),
      ),
    )
    .addCommand(group('supergraph', 'fetch composed supergraphs', fetchSupergraphCommand(ctx)))
    .addCommand(
      group(
        'graph',
        'create graphs, read their history, changelog and audit log, configure lint rules',
        createGraphCommand(ctx),
        listGraphsCommand(ctx),
        graphHistoryCommand(ctx),
        graphChangelogCommand(ctx),
        graphAuditCommand(ctx),
        graphLintConfigCommand(ctx),
      ),
    )
    .addCommand(
      group(
        'check',
        'list, show and approve stored schema checks',
        listChecksCommand(ctx),
        showCheckCommand(ctx),
        approveCheckCommand(ctx),
      ),
    )
    .addCommand(
      group(
        'token',
        'manage registry tokens',
        createTokenCommand(ctx),
        listTokensCommand(ctx),
        revokeTokenCommand(ctx),
      ),
    )
    .addCommand(
      group(
        'usage',
        'per-field usage reported by hubs: a coordinate, deprecated elements, unused coordinates, denials',
        usageFieldCommand(ctx),
        usageDeprecatedCommand(ctx),
        usageUnusedCommand(ctx),
        usageDenialsCommand(ctx),
      ),
    )
    .addCommand(group('schema', 'compare schemas offline, without a registry', schemaDiffCommand(ctx)))
    .addCommand(group('registry', 'run the schema registry service', startRegistryCommand(ctx)))
    .addCommand(group('hub', 'run the gateway', startHubCommand(ctx)))
    .addCommand(group('dev', 'local development helpers', devTokenCommand(ctx)));

  applyToTree(program, (command) => {
    command
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr });
  });
  return program;
}

function applyToTree(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const child of command.commands) applyToTree(child, apply);
}
