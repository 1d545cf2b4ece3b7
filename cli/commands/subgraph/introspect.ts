import { Command } from 'commander';
import type { CommandContext, JsonFlag } from '../../command-context.js';
import { emitSdl, outputOption, type OutputFlag } from '../../fetch-output.js';
import { INTROSPECT_TIMEOUT_MS, introspectSubgraph, parseHeaders } from '../../introspect.js';

interface Flags extends JsonFlag, OutputFlag {
  readonly header?: string[];
  readonly timeout?: string;
}

/** `atrium subgraph introspect http://localhost:4001/graphql`: the SDL a running subgraph serves. */
export function introspectSubgraphCommand(ctx: CommandContext): Command {
  return new Command('introspect')
    .description(
      "print a running subgraph's SDL from its federation _service { sdl } field (no registry needed); exit 1 when it cannot be introspected",
    )
    .argument('<url>', 'the subgraph GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql')
    .option(
      '--header <header...>',
      'HTTP header "Name: value" to send (repeatable), e.g. "Authorization: Bearer …"',
    )
    .option('--timeout <ms>', `deadline for the request (default ${INTROSPECT_TIMEOUT_MS})`)
    .addOption(outputOption('SDL'))
    .option('--json', 'print { url, sdl } as JSON')
    .action(async (url: string, flags: Flags) => {
      const timeout = flags.timeout === undefined ? INTROSPECT_TIMEOUT_MS : Number(flags.timeout);
      const sdl = await introspectSubgraph(url, parseHeaders(flags.header), timeout);
      await emitSdl(ctx, flags, sdl, `the SDL of ${url}`, { url, sdl });
    });
}
