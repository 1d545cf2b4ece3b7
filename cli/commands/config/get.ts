import { Command } from 'commander';
import { CliError } from '../../cli-error.js';
import { report, type CommandContext, type JsonFlag } from '../../command-context.js';
import { ExitCode } from '../../exit-codes.js';
import { PROFILE_KEYS, selectedProfile } from '../../profiles.js';
import { parseKey } from './set.js';

/** `atrium config get [--profile prod] registry-url`: prints the stored value (the token too: it is yours). */
export function configGetCommand(ctx: CommandContext): Command {
  return new Command('get')
    .description('print one stored value of a profile (exit 1 when it is not set)')
    .argument('<key>', `one of: ${PROFILE_KEYS.join(', ')}`)
    .option('--profile <name>', 'profile to read (default: $ATRIUM_PROFILE or "default")')
    .option('--json', 'print { profile, key, value } as JSON')
    .action((key: string, flags: JsonFlag & { profile?: string }) => {
      const profileKey = parseKey(key);
      const { name, profile } = selectedProfile(ctx.io.env, flags.profile);
      const value = profile[profileKey];
      if (value === undefined)
        throw new CliError(`${profileKey} is not set in profile ${name}`, ExitCode.REJECTED, 'NOT_SET');
      report(ctx, flags, { profile: name, key: profileKey, value }, () => `${value}\n`);
    });
}
