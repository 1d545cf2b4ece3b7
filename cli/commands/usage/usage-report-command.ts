/**
 * The one shape of the `atrium usage …` reports: `<graph@variant>` (and the report's own arguments), `--period`,
 * the registry flags and `--json`; the action parses the ref, asks the registry for the report and prints it (the
 * registry's answer as it is with `--json`, else the report's human text).
 */
import type { Command } from 'commander';
import type { GraphRef, RegistryClient } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseRef } from '../../parse-ref.js';
import { PERIOD_OPTION } from './usage-text.js';

export interface UsageReportSpec<Report> {
  readonly name: string;
  readonly description: string;
  /** Arguments after `<graph@variant>`: `[name, description]`, handed to `fetch` in order. */
  readonly arguments?: readonly (readonly [string, string])[];
  fetch(
    client: RegistryClient,
    ref: GraphRef,
    period: string | undefined,
    args: readonly string[],
  ): Promise<Report>;
  /** The human text of the report. */
  render(report: Report, ref: GraphRef): string;
}

type UsageFlags = RegistryFlags & JsonFlag & { period?: string };

export function usageReportCommand<Report>(ctx: CommandContext, spec: UsageReportSpec<Report>): Command {
  const extra = spec.arguments ?? [];
  const command = registryCommand(spec.name, spec.description).argument(
    '<graph@variant>',
    'graph ref, e.g. shop@prod',
  );
  for (const [name, description] of extra) command.argument(name, description);
  return command.option(...PERIOD_OPTION).action(async (...values: unknown[]) => {
    // Commander passes the declared arguments in order, then the options.
    const [refText, ...args] = values.slice(0, 1 + extra.length) as string[];
    const flags = values[1 + extra.length] as UsageFlags;
    const ref = parseRef(refText as string);
    const usage = await spec.fetch(ctx.createClient(flags), ref, flags.period, args);
    report(ctx, flags, usage, () => spec.render(usage, ref));
  });
}
