import type { Command } from 'commander';
import { formatGitContext } from '../../git-context.js';
import { formatGraphRef } from '../../client/index.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { parseRef, parseSince } from '../../parse-ref.js';
import { formatTable } from '../../../lib/text-table.js';

export function graphChangelogCommand(ctx: CommandContext): Command {
  return registryCommand(
    'changelog',
    'the classified API-schema changes of each supergraph version, newest first',
  )
    .argument('<graph@variant>', 'graph ref, e.g. shop@prod')
    .option(
      '--since <version-or-date>',
      'only versions after this version number, or created at or after this ISO date',
    )
    .action(async (refText: string, flags: RegistryFlags & JsonFlag & { since?: string }) => {
      const ref = parseRef(refText);
      const since = flags.since === undefined ? undefined : parseSince(flags.since);
      const versions = await ctx.createClient(flags).changelog(ref, since);
      report(ctx, flags, { versions }, () => {
        if (versions.length === 0)
          return `No supergraph versions in ${formatGraphRef(ref)}${flags.since ? ` since ${flags.since}` : ''}.\n`;
        return versions
          .map((v) => {
            const git = formatGitContext(v.git);
            const title = `Version ${v.version} (${v.createdAt}, ${v.publishedBy}: ${v.change.action} ${v.change.subgraphs?.join(', ') ?? v.change.subgraph}${git ? `; ${git}` : ''})`;
            if (v.changes.length === 0) return `${title}\n  no client-visible changes\n`;
            const rows = v.changes.map((c) => [c.severity, c.code, c.coordinate, c.message]);
            const table = formatTable(['SEVERITY', 'CODE', 'COORDINATE', 'MESSAGE'], rows)
              .split('\n')
              .map((line) => (line ? `  ${line}` : line))
              .join('\n');
            return `${title}\n${table}`;
          })
          .join('\n');
      });
    });
}
