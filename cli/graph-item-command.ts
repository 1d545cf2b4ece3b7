/**
 * The one shape of the CLI's commands on a graph's items (`atrium webhook …`, `atrium client …`): `<graph>`, for
 * one item `<id>`, the command's own options, the registry flags and `--json`; the action calls the registry and
 * prints the answer (`json(answer)` with `--json`, else the human text).
 */
import type { Command } from 'commander';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from './command-context.js';

export interface GraphItemTarget {
  readonly graph: string;
  /** Set when the command names one item (`id` in the spec). */
  readonly id: string;
}

export interface GraphItemCommandSpec<Flags, Answer> {
  readonly name: string;
  readonly description: string;
  /** The description of `<id>`, for a command on one item; none for a command on the graph's items. */
  readonly id?: string;
  /** Adds the command's own options (after `<graph>` and `<id>`). */
  readonly options?: (command: Command) => Command;
  run(target: GraphItemTarget, flags: Flags & RegistryFlags & JsonFlag): Promise<Answer>;
  /** What `--json` prints; the answer itself by default. */
  readonly json?: (answer: Answer) => unknown;
  render(answer: Answer, target: GraphItemTarget): string;
}

export function graphItemCommand<Flags = unknown, Answer = unknown>(
  ctx: CommandContext,
  spec: GraphItemCommandSpec<Flags, Answer>,
): Command {
  let command = registryCommand(spec.name, spec.description).argument('<graph>', 'graph name, e.g. shop');
  if (spec.id !== undefined) command = command.argument('<id>', spec.id);
  if (spec.options) command = spec.options(command);
  return command.action(async (...values: unknown[]) => {
    // Commander passes the declared arguments in order, then the options.
    const graph = values[0] as string;
    const id = spec.id === undefined ? '' : (values[1] as string);
    const flags = values[spec.id === undefined ? 1 : 2] as Flags & RegistryFlags & JsonFlag;
    const target = { graph, id };
    const answer = await spec.run(target, flags);
    report(ctx, flags, spec.json ? spec.json(answer) : answer, () => spec.render(answer, target));
  });
}
