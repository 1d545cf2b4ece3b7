import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import {
  LINT_LEVELS,
  LINT_RULES,
  type LintConfig,
  type LintLevel,
  type LintRule,
} from '../../../registry/checks/lint/lint-config.js';
import { CliError } from '../../cli-error.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { formatTable } from '../../../lib/text-table.js';
import { parseGraphName } from '../../parse-ref.js';

interface Flags extends RegistryFlags, JsonFlag {
  readonly set?: string[];
  readonly file?: string;
  readonly gracePeriodDays?: string;
}

/** `atrium graph lint-config <graph>`: show the graph's lint rules, or change them (admin). */
export function graphLintConfigCommand(ctx: CommandContext): Command {
  return registryCommand('lint-config', "show or change a graph's schema lint rules (changing: admin)")
    .argument('<graph>', 'graph name')
    .option('--set <RULE=level...>', `set rules: ${LINT_LEVELS.join('|')} (rules: ${LINT_RULES.join(', ')})`)
    .option('--file <file>', 'JSON or YAML file: { rules: { RULE: level }, deprecationGracePeriodDays }')
    .option(
      '--grace-period-days <n>',
      'REQUIRE_DEPRECATION_BEFORE_REMOVAL: days a field stays deprecated before removal',
    )
    .action(async (graphText: string, flags: Flags) => {
      const graph = parseGraphName(graphText);
      const client = ctx.createClient(flags);
      const update = await readUpdate(ctx, flags);
      const result = update
        ? await client.updateLintConfig(graph, update)
        : await client.getLintConfig(graph);
      report(
        ctx,
        flags,
        { lintConfig: result },
        () =>
          `Lint rules of ${graph}${result.updatedBy ? ` (last changed by ${result.updatedBy})` : ' (defaults)'}:\n` +
          formatTable(
            ['RULE', 'LEVEL'],
            LINT_RULES.map((rule) => [rule, result.config.rules[rule]]),
          ) +
          `Deprecation grace period: ${result.config.deprecationGracePeriodDays} days\n`,
      );
    });
}

async function readUpdate(ctx: CommandContext, flags: Flags): Promise<Partial<LintConfig> | null> {
  const rules: Partial<Record<LintRule, LintLevel>> = {};
  let grace: number | undefined;
  if (flags.file !== undefined) {
    const fromFile = await readConfigFile(ctx, flags.file);
    Object.assign(rules, fromFile.rules);
    grace = fromFile.deprecationGracePeriodDays;
  }
  for (const assignment of flags.set ?? []) {
    const [rule = '', level = ''] = assignment.split('=');
    if (!(LINT_RULES as readonly string[]).includes(rule))
      throw CliError.usage(`unknown lint rule "${rule}" (rules: ${LINT_RULES.join(', ')})`);
    if (!(LINT_LEVELS as readonly string[]).includes(level))
      throw CliError.usage(`--set ${rule}: level must be one of ${LINT_LEVELS.join(', ')}`);
    rules[rule as LintRule] = level as LintLevel;
  }
  if (flags.gracePeriodDays !== undefined) {
    grace = Number(flags.gracePeriodDays);
    if (!Number.isInteger(grace) || grace < 0)
      throw CliError.usage('--grace-period-days must be a whole number of days');
  }
  if (Object.keys(rules).length === 0 && grace === undefined) return null;
  return {
    ...(Object.keys(rules).length > 0 ? { rules: rules as LintConfig['rules'] } : {}),
    ...(grace === undefined ? {} : { deprecationGracePeriodDays: grace }),
  };
}

async function readConfigFile(ctx: CommandContext, path: string): Promise<Partial<LintConfig>> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.io.cwd, path), 'utf8');
  } catch (error) {
    throw CliError.usage(
      `cannot read lint config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  // The registry validates the content (rule names, levels, grace period) and answers INVALID_INPUT.
  let parsed: Partial<LintConfig> | null;
  try {
    parsed = parseYaml(text) as Partial<LintConfig> | null;
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw CliError.usage(
      `${path} is neither valid JSON nor YAML: ${reason}. Expected { "rules": { "RULE": "off|warn|error" }, "deprecationGracePeriodDays": N }`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null) throw CliError.usage(`${path} must hold an object`);
  return parsed;
}
