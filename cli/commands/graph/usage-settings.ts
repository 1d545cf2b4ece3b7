import type { Command } from 'commander';
import type { UsageCheckSettings, UsageCheckSettingsView } from '../../../registry/usage-types.js';
import { CliError } from '../../cli-error.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseGraphName, parseRef } from '../../parse-ref.js';

interface Flags extends RegistryFlags, JsonFlag {
  readonly period?: string;
  readonly thresholdRequests?: string;
  readonly thresholdPercentage?: string;
  readonly excludeClient?: string[];
  readonly excludeClientVersion?: string[];
  readonly clearExclusions?: boolean;
  readonly reset?: boolean;
}

const repeat = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * `atrium graph usage-settings <graph|graph@variant>`: show or change (admin) the settings of usage-aware checks
 * (docs/checks.md): the window, the thresholds and the excluded clients and client versions. A variant's settings
 * replace the graph's for that variant.
 */
export function graphUsageSettingsCommand(ctx: CommandContext): Command {
  return registryCommand(
    'usage-settings',
    'show or change the usage-aware check settings of a graph or variant (changing: admin)',
  )
    .argument('<graph|graph@variant>', 'graph name (its settings) or graph ref (the variant’s own)')
    .option('--period <period>', 'usage window of checks: days or hours, e.g. 7d (default), 12h')
    .option('--threshold-requests <n>', 'a failing change used by at most n requests in the window passes')
    .option(
      '--threshold-percentage <p>',
      'a failing change used by at most p percent of the requests in the window passes',
    )
    .option(
      '--exclude-client <name>',
      'requests of this client name do not count (repeatable; replaces the list)',
      repeat,
    )
    .option(
      '--exclude-client-version <name@version>',
      'requests of this client version do not count (repeatable; replaces the list)',
      repeat,
    )
    .option('--clear-exclusions', 'no excluded clients or client versions')
    .option(
      '--reset',
      'remove the settings of the graph (back to defaults) or of the variant (follows the graph)',
    )
    .action(async (target: string, flags: Flags) => {
      const { graph, variant } = target.includes('@')
        ? parseRef(target)
        : { graph: parseGraphName(target), variant: null };
      const update = readUpdate(flags);
      if (flags.reset && update !== null)
        throw CliError.usage('--reset cannot be combined with other settings');
      const result = await ctx
        .createClient(flags)
        .usageCheckSettings(
          graph,
          variant,
          flags.reset ? { reset: true } : update === null ? null : { update },
        );
      report(ctx, flags, { usageCheckSettings: result }, () => formatSettings(result));
    });
}

function readUpdate(flags: Flags): Partial<UsageCheckSettings> | null {
  const update: Partial<UsageCheckSettings> = {};
  if (flags.period !== undefined) update.period = flags.period;
  if (flags.thresholdRequests !== undefined) {
    const value = Number(flags.thresholdRequests);
    if (!Number.isSafeInteger(value) || value < 0)
      throw CliError.usage('--threshold-requests must be a whole number of requests (0 or more)');
    update.thresholdRequests = value;
  }
  if (flags.thresholdPercentage !== undefined) {
    const value = Number(flags.thresholdPercentage);
    if (!Number.isFinite(value) || value < 0 || value > 100)
      throw CliError.usage('--threshold-percentage must be a number from 0 to 100');
    update.thresholdPercentage = value;
  }
  if (flags.clearExclusions) {
    if (flags.excludeClient || flags.excludeClientVersion)
      throw CliError.usage('--clear-exclusions cannot be combined with --exclude-client(-version)');
    update.excludedClients = [];
    update.excludedClientVersions = [];
  }
  if (flags.excludeClient) update.excludedClients = flags.excludeClient;
  if (flags.excludeClientVersion) {
    update.excludedClientVersions = flags.excludeClientVersion.map((text) => {
      const at = text.lastIndexOf('@');
      if (at <= 0 || at === text.length - 1)
        throw CliError.usage(
          `--exclude-client-version "${text}": expected <name>@<version>, e.g. demo-app@1.0`,
        );
      return { client: text.slice(0, at), version: text.slice(at + 1) };
    });
  }
  return Object.keys(update).length === 0 ? null : update;
}

function formatSettings(view: UsageCheckSettingsView): string {
  const { settings } = view;
  const what = view.variant === null ? `graph ${view.graph}` : `${view.graph}@${view.variant}`;
  const source =
    view.source === 'default'
      ? 'defaults'
      : `${view.source === 'variant' ? "the variant's own" : "the graph's"}, last changed by ${view.updatedBy ?? '?'} at ${view.updatedAt ?? '?'}`;
  const versions = settings.excludedClientVersions.map((entry) => `${entry.client}@${entry.version}`);
  return (
    `Usage-aware check settings of ${what} (${source}):\n` +
    `  window:             ${settings.period}\n` +
    `  threshold:          at most ${settings.thresholdRequests} requests or ${settings.thresholdPercentage}% of the requests: the change passes\n` +
    `  excluded clients:   ${settings.excludedClients.length === 0 ? '-' : settings.excludedClients.join(', ')}\n` +
    `  excluded versions:  ${versions.length === 0 ? '-' : versions.join(', ')}\n`
  );
}
