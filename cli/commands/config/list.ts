import { Command } from 'commander';
import { formatTable } from '../../../lib/text-table.js';
import { report, type CommandContext, type JsonFlag } from '../../command-context.js';
import { configFilePath, profileName, readProfiles } from '../../profiles.js';

/** Tokens are shown by their first characters only. */
function mask(token: string | undefined): string {
  return token === undefined ? '' : `${token.slice(0, 8)}…`;
}

export function configListCommand(ctx: CommandContext): Command {
  return new Command('list')
    .description('list the profiles, their registry URL and token (masked); * marks the one in use')
    .option('--json', 'print { file, active, profiles } as JSON (tokens masked)')
    .action((flags: JsonFlag) => {
      const profiles = readProfiles(ctx.io.env);
      const active = profileName(ctx.io.env, undefined).name;
      const file = configFilePath(ctx.io.env) ?? null;
      const masked = Object.fromEntries(
        Object.entries(profiles).map(([name, p]) => [
          name,
          { ...p, ...(p.token === undefined ? {} : { token: mask(p.token) }) },
        ]),
      );
      report(ctx, flags, { file, active, profiles: masked }, () =>
        Object.keys(profiles).length === 0
          ? `No profiles yet${file ? ` (${file})` : ''}: atrium config set registry-url <url>\n`
          : formatTable(
              ['', 'PROFILE', 'REGISTRY URL', 'TOKEN'],
              Object.entries(profiles).map(([name, p]) => [
                name === active ? '*' : '',
                name,
                p['registry-url'] ?? '',
                mask(p.token),
              ]),
            ),
      );
    });
}
