/**
 * The `atrium` command tree, declared from one small static table so that a run loads only the module of the
 * command it runs: `atrium --help` loads commander and this file; `atrium subgraph check` loads the registry
 * client and the report formatters; only `hub start` loads the gateway, only `registry start` fastify and PGlite,
 * only the composing commands @apollo/composition.
 *
 * HOW TO ADD A COMMAND
 * 1. Write `cli/commands/<group>/<verb>.ts` exporting a factory `(ctx: CommandContext) => Command` (see the
 *    existing ones; a registry command starts from `registryCommand(name, description)`). Import at the top only
 *    what the command needs; a module needed by one branch of the action only is imported with `await import()`.
 * 2. Add one entry to `COMMANDS` below: the words after `atrium`, the arguments as the group's help lists them,
 *    a one-line summary, and `load`, a dynamic import of the factory. A new group also gets a line in `GROUPS`.
 * 3. Document it in docs/cli.md. test/cli/command-table.test.ts checks that each entry's arguments and name match
 *    the factory's command, and that every command is in docs/cli.md.
 */
import { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { EXIT_CODES_HELP } from './exit-codes.js';

export type CommandFactory = (ctx: CommandContext) => Command;

export interface CommandEntry {
  /** The words after `atrium`, e.g. `subgraph check`; one word for a top-level command (`completion`). */
  readonly command: string;
  /** Arguments as listed in the parent's help, e.g. `<graph@variant>` (must match the factory's). */
  readonly args?: string;
  /** One line for the parent's list of commands. */
  readonly summary: string;
  readonly load: () => Promise<CommandFactory>;
}

/** Groups: a word whose commands follow it (`atrium subgraph …`). */
export const GROUPS: Readonly<Record<string, string>> = {
  subgraph: 'check, publish, lint, introspect, list, fetch and delete subgraph schemas; set their owners',
  supergraph: 'fetch composed supergraphs, or compose one locally',
  graph: 'create and delete graphs, read their history, changelog and audit log, configure lint rules',
  variant: 'delete variants (a first publish creates one)',
  check: 'list, show and approve stored schema checks',
  token: 'manage registry tokens',
  client: "manage a graph's client records: recognition, tier, request rate, cost budget",
  operations: "register, list, show and retire client versions' persisted operations (trusted documents)",
  schema: 'compare schemas offline, without a registry',
  registry: 'run the schema registry service',
  hub: 'run the gateway',
  dev: 'local development: a hub over local subgraphs with hot reload (atrium dev), tokens',
  config: 'CLI profiles: registry URL and token per profile',
  usage: 'per-field usage reported by hubs: a coordinate, deprecated elements, unused coordinates, denials',
  webhook:
    "subscribe URLs to a graph's events (publishes, failed checks, approvals, forced changes, safe removals)",
};

export const COMMANDS: readonly CommandEntry[] = [
  {
    command: 'subgraph check',
    args: '<graph@variant>',
    summary: 'check a proposed subgraph schema (or its removal) against the registry',
    load: async () => (await import('./commands/subgraph/check.js')).checkSubgraphCommand,
  },
  {
    command: 'subgraph publish',
    args: '<graph@variant>',
    summary: 'publish a subgraph schema; the registry composes the supergraph',
    load: async () => (await import('./commands/subgraph/publish.js')).publishSubgraphCommand,
  },
  {
    command: 'subgraph lint',
    summary: "lint a subgraph schema locally (the graph's rules with --graph)",
    load: async () => (await import('./commands/subgraph/lint.js')).lintSubgraphCommand,
  },
  {
    command: 'subgraph introspect',
    args: '<url>',
    summary: "print a running subgraph's SDL (federation _service { sdl })",
    load: async () => (await import('./commands/subgraph/introspect.js')).introspectSubgraphCommand,
  },
  {
    command: 'subgraph list',
    args: '<graph@variant>',
    summary: 'list the subgraphs of a graph variant and their owners',
    load: async () => (await import('./commands/subgraph/list.js')).listSubgraphsCommand,
  },
  {
    command: 'subgraph fetch',
    args: '<graph@variant>',
    summary: "print one subgraph's current SDL",
    load: async () => (await import('./commands/subgraph/fetch.js')).fetchSubgraphCommand,
  },
  {
    command: 'subgraph delete',
    args: '<graph@variant>',
    summary: 'delete a subgraph; refused if the rest does not compose or the check fails',
    load: async () => (await import('./commands/subgraph/delete.js')).deleteSubgraphCommand,
  },
  {
    command: 'subgraph owner',
    args: '<graph@variant>',
    summary: "set a subgraph's owner team and contact (admin or current owner)",
    load: async () => (await import('./commands/subgraph/owner.js')).subgraphOwnerCommand,
  },
  {
    command: 'supergraph fetch',
    args: '<graph@variant>',
    summary: 'print the current supergraph SDL, or one version of it',
    load: async () => (await import('./commands/supergraph/fetch.js')).fetchSupergraphCommand,
  },
  {
    command: 'supergraph compose',
    summary: 'compose a supergraph locally from a supergraph.yaml (files and/or URLs)',
    load: async () => (await import('./commands/supergraph/compose.js')).composeSupergraphCommand,
  },
  {
    command: 'graph create',
    args: '<graph|graph@variant>',
    summary: 'create a graph, or an empty variant of an existing graph (admin)',
    load: async () => (await import('./commands/graph/create.js')).createGraphCommand,
  },
  {
    command: 'graph list',
    summary: 'list graphs and their variants',
    load: async () => (await import('./commands/graph/list.js')).listGraphsCommand,
  },
  {
    command: 'graph history',
    args: '<graph@variant>',
    summary: 'list the supergraph versions of a graph variant, newest first',
    load: async () => (await import('./commands/graph/history.js')).graphHistoryCommand,
  },
  {
    command: 'graph changelog',
    args: '<graph@variant>',
    summary: 'the classified API-schema changes of each supergraph version, newest first',
    load: async () => (await import('./commands/graph/changelog.js')).graphChangelogCommand,
  },
  {
    command: 'graph audit',
    args: '<graph@variant>',
    summary: 'the audit log of a graph variant, newest first',
    load: async () => (await import('./commands/graph/audit.js')).graphAuditCommand,
  },
  {
    command: 'graph lint-config',
    args: '<graph>',
    summary: "show or change a graph's schema lint rules (changing: admin)",
    load: async () => (await import('./commands/graph/lint-config.js')).graphLintConfigCommand,
  },
  {
    command: 'graph usage-settings',
    args: '<graph|graph@variant>',
    summary: 'show or change the usage-aware check settings of a graph or variant (changing: admin)',
    load: async () => (await import('./commands/graph/usage-settings.js')).graphUsageSettingsCommand,
  },
  {
    command: 'graph delete',
    args: '<graph>',
    summary: 'delete a graph with all its variants (admin; --yes or type the name)',
    load: async () => (await import('./commands/graph/delete.js')).deleteGraphCommand,
  },
  {
    command: 'variant delete',
    args: '<graph@variant>',
    summary: 'delete a variant with its subgraphs, versions and checks (admin; --yes or type the ref)',
    load: async () => (await import('./commands/variant/delete.js')).deleteVariantCommand,
  },
  {
    command: 'whoami',
    summary: 'the registry token in use: name, role, team, the graphs and subgraphs it reaches',
    load: async () => (await import('./commands/whoami/whoami.js')).whoamiCommand,
  },
  {
    command: 'check list',
    args: '<graph@variant>',
    summary: 'list the stored schema checks of a graph variant, newest first',
    load: async () => (await import('./commands/check/list.js')).listChecksCommand,
  },
  {
    command: 'check show',
    args: '<check-id>',
    summary: 'show a stored schema check and its report',
    load: async () => (await import('./commands/check/show.js')).showCheckCommand,
  },
  {
    command: 'check approve',
    args: '<check-id>',
    summary: "approve a failed check's breaking changes (admin or owner)",
    load: async () => (await import('./commands/check/approve.js')).approveCheckCommand,
  },
  {
    command: 'token create',
    summary: 'create a registry token (admin); its secret is printed once',
    load: async () => (await import('./commands/token/create.js')).createTokenCommand,
  },
  {
    command: 'token list',
    summary: 'list registry tokens (admin); secrets are never shown',
    load: async () => (await import('./commands/token/list.js')).listTokensCommand,
  },
  {
    command: 'token revoke',
    args: '<name|id>',
    summary: 'revoke a registry token by name or id (admin; the last admin token needs --yes)',
    load: async () => (await import('./commands/token/revoke.js')).revokeTokenCommand,
  },
  {
    command: 'client create',
    args: '<graph> <id>',
    summary: 'create a client record (admin): how the hub recognises it, its tier, rate and budget',
    load: async () => (await import('./commands/client/create.js')).createClientCommand,
  },
  {
    command: 'client list',
    args: '<graph>',
    summary: "list a graph's client records (reader)",
    load: async () => (await import('./commands/client/list.js')).listClientsCommand,
  },
  {
    command: 'client show',
    args: '<graph> <id>',
    summary: 'show one client record and its ETag (reader)',
    load: async () => (await import('./commands/client/show.js')).showClientCommand,
  },
  {
    command: 'client update',
    args: '<graph> <id>',
    summary: 'change the fields given of a client record (admin; --if-match)',
    load: async () => (await import('./commands/client/update.js')).updateClientCommand,
  },
  {
    command: 'client delete',
    args: '<graph> <id>',
    summary: 'delete a client record (admin; not default or anonymous)',
    load: async () => (await import('./commands/client/delete.js')).deleteClientCommand,
  },
  {
    command: 'operations publish',
    args: '<graph@variant>',
    summary: "register a client version's operations from a manifest or a folder of .graphql files",
    load: async () => (await import('./commands/operations/publish.js')).publishOperationsCommand,
  },
  {
    command: 'operations list',
    args: '<graph@variant>',
    summary: "list a variant's client versions and their registered operations",
    load: async () => (await import('./commands/operations/list.js')).listOperationsCommand,
  },
  {
    command: 'operations show',
    args: '<graph@variant>',
    summary: "show one client version's registered operations",
    load: async () => (await import('./commands/operations/show.js')).showOperationsCommand,
  },
  {
    command: 'operations retire',
    args: '<graph@variant>',
    summary: 'retire a client version: hubs stop serving its operations, checks stop counting them',
    load: async () => (await import('./commands/operations/retire.js')).retireOperationsCommand,
  },
  {
    command: 'usage field',
    args: '<graph@variant> <coordinate>',
    summary: 'usage of one schema coordinate: totals, per client and version, top operations',
    load: async () => (await import('./commands/usage/field.js')).usageFieldCommand,
  },
  {
    command: 'usage deprecated',
    args: '<graph@variant>',
    summary: 'every deprecated element with its usage and a verdict: safe to remove, or in use by …',
    load: async () => (await import('./commands/usage/deprecated.js')).usageDeprecatedCommand,
  },
  {
    command: 'usage unused',
    args: '<graph@variant>',
    summary: 'schema coordinates nobody used in the period',
    load: async () => (await import('./commands/usage/unused.js')).usageUnusedCommand,
  },
  {
    command: 'usage denials',
    args: '<graph@variant>',
    summary: 'field-authorization denials per coordinate and client',
    load: async () => (await import('./commands/usage/denials.js')).usageDenialsCommand,
  },
  {
    command: 'webhook list',
    args: '<graph>',
    summary: "list a graph's webhooks (admin or publisher); secrets are never shown",
    load: async () => (await import('./commands/webhook/list.js')).listWebhooksCommand,
  },
  {
    command: 'webhook create',
    args: '<graph>',
    summary: 'subscribe a URL to events of a graph; the signing secret is printed once',
    load: async () => (await import('./commands/webhook/create.js')).createWebhookCommand,
  },
  {
    command: 'webhook delete',
    args: '<graph> <id>',
    summary: 'delete a webhook with its delivery log',
    load: async () => (await import('./commands/webhook/delete.js')).deleteWebhookCommand,
  },
  {
    command: 'webhook deliveries',
    args: '<graph> <id>',
    summary: "a webhook's delivery log: status, attempts, last outcome",
    load: async () => (await import('./commands/webhook/deliveries.js')).webhookDeliveriesCommand,
  },
  {
    command: 'webhook test',
    args: '<graph> <id>',
    summary: 'send a signed webhook.ping to a webhook',
    load: async () => (await import('./commands/webhook/test.js')).testWebhookCommand,
  },
  {
    command: 'schema diff',
    args: '<old> <new>',
    summary: 'classify the changes between two schema files (breaking, dangerous, safe)',
    load: async () => (await import('./commands/schema/diff.js')).schemaDiffCommand,
  },
  {
    command: 'registry start',
    summary: 'run the schema registry (embedded PGlite, or PostgreSQL with $DATABASE_URL)',
    load: async () => (await import('./commands/registry/start.js')).startRegistryCommand,
  },
  {
    command: 'hub start',
    summary: 'run the hub over a supergraph from the registry or a file',
    load: async () => (await import('./commands/hub/start.js')).startHubCommand,
  },
  {
    command: 'dev',
    summary: 'compose local subgraphs (supergraph.yaml) and run a hub that reloads when they change',
    load: async () => (await import('./commands/dev/dev.js')).devCommand,
  },
  {
    command: 'dev token',
    summary: 'get an access token from the development OpenID Provider',
    load: async () => (await import('./commands/dev/token.js')).devTokenCommand,
  },
  {
    command: 'config set',
    args: '<key> <value>',
    summary: 'store registry-url or token in a profile (file mode 0600)',
    load: async () => (await import('./commands/config/set.js')).configSetCommand,
  },
  {
    command: 'config get',
    args: '<key>',
    summary: 'print one stored value of a profile',
    load: async () => (await import('./commands/config/get.js')).configGetCommand,
  },
  {
    command: 'config list',
    summary: 'list the profiles (tokens masked)',
    load: async () => (await import('./commands/config/list.js')).configListCommand,
  },
  {
    command: 'completion',
    args: '<shell>',
    summary: 'print a shell completion script (bash, zsh or fish)',
    load: async () => (await import('./commands/completion.js')).completionCommand,
  },
];

const ENVIRONMENT_HELP = `Environment:
  ATRIUM_REGISTRY_URL          registry URL for registry commands (default http://127.0.0.1:4100)
  ATRIUM_TOKEN                 registry token for registry commands
  ATRIUM_PROFILE               the profile of \`atrium config\` to use (default: "default")
  NO_COLOR / FORCE_COLOR       no colours / colours even when stdout is not a terminal
  DATABASE_URL                 registry start: use PostgreSQL instead of embedded PGlite
  ATRIUM_ADMIN_TOKEN           registry start: the admin token to accept instead of generating one
                               (a revoked one stays revoked: the registry refuses to start with it)
  ATRIUM_APPROVAL_TTL_SECONDS  registry start: how long a check approval applies (default 604800, 7 days)
  PORT                         registry start: TCP port when --port is not given (default 4100)

  GITHUB_*, CI_*, BUILDKITE_*, CIRCLE_*
                               subgraph check/publish/delete: the git context (commit, branch, author,
                               PR URL) when --commit/--branch/--author/--pr-url are not given (docs/cli.md)`;

export const CLI_VERSION = '0.1.0';

/** The entry `argv` runs: the longest `command` whose words start argv (`dev token` before `dev`). */
export function findEntry(argv: readonly string[]): CommandEntry | undefined {
  const words = argv[0] === 'help' ? argv.slice(1) : argv;
  let best: CommandEntry | undefined;
  for (const entry of COMMANDS) {
    const path = entry.command.split(' ');
    if (path.every((word, i) => words[i] === word) && path.length > (best?.command.split(' ').length ?? 0))
      best = entry;
  }
  return best;
}

/** The usage an entry shows in its parent's list (`[options] <graph@variant>`). */
export function entryUsage(entry: CommandEntry): string {
  return `[options]${entry.args ? ` ${entry.args}` : ''}`;
}

export interface BuildOptions {
  /** Build every command, not only the one argv runs (shell completion needs every option). */
  readonly all?: boolean;
  /** Commander's usage errors go here instead of stderr (`--json` prints them as JSON on stdout). */
  readonly onError?: (text: string) => void;
  /** Drop what commander writes to stderr (the help after an error, under `--json`). */
  readonly quietErrors?: boolean;
}

/**
 * Builds the tree for one run: the command `argv` addresses is built by its factory (so its help and options are
 * the real ones); every other command is a placeholder with its name, usage and summary, for the help lists.
 * `all: true` builds every command (shell completion needs every option).
 */
export async function buildProgram(
  ctx: CommandContext,
  argv: readonly string[],
  options: BuildOptions = {},
): Promise<Command> {
  const target = findEntry(argv);
  const built = new Map<CommandEntry, Command>();
  for (const entry of COMMANDS) {
    if (options.all || entry === target) {
      const command = (await entry.load())(ctx);
      built.set(entry, command.summary(entry.summary));
    }
  }

  const program = new Command('atrium')
    .description('Atrium: GraphQL federation schema registry, checks and hub')
    .usage('<command> [options]')
    .version(CLI_VERSION, '-V, --version')
    // `atrium -V` only: after a subcommand, `--version` is that command's own (`supergraph fetch --version 3`).
    .enablePositionalOptions()
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}\n\nDocs: docs/cli.md`);

  const nodes = new Map<string, Command>([['', program]]);
  const nodeFor = (path: readonly string[]): Command => {
    const key = path.join(' ');
    const existing = nodes.get(key);
    if (existing) return existing;
    const parent = nodeFor(path.slice(0, -1));
    const name = path.at(-1) ?? '';
    // A group that is also a command (`atrium dev`) is that command's Command, with the group's commands under it.
    const entry = COMMANDS.find((e) => e.command === key);
    const command =
      (entry && built.get(entry)) ??
      new Command(name)
        .description(GROUPS[key] ?? entry?.summary ?? '')
        .usage(entry ? `${entryUsage(entry)} [command]` : '<command>');
    if (entry && !built.has(entry)) command.summary(entry.summary);
    parent.addCommand(command);
    nodes.set(key, command);
    return command;
  };
  for (const entry of COMMANDS) {
    const path = entry.command.split(' ');
    if (nodes.has(entry.command)) continue;
    if (COMMANDS.some((other) => other.command.startsWith(`${entry.command} `))) {
      nodeFor(path);
      continue;
    }
    const parent = nodeFor(path.slice(0, -1));
    const command =
      built.get(entry) ?? new Command(path.at(-1) ?? '').summary(entry.summary).usage(entryUsage(entry));
    parent.addCommand(command);
    nodes.set(entry.command, command);
  }

  applyToTree(program, (command) => {
    command
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)')
      .configureHelp({ subcommandTerm: (sub) => `${sub.name()} ${sub.usage()}`.trim() })
      .configureOutput({
        writeOut: ctx.io.stdout,
        writeErr: options.quietErrors ? () => undefined : ctx.io.stderr,
        ...(options.onError ? { outputError: (text: string) => options.onError?.(text) } : {}),
      });
  });
  return program;
}

function applyToTree(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const child of command.commands) applyToTree(child, apply);
}
