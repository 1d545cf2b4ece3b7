import { Command } from 'commander';
import { CliError } from '../../cli-error.js';
import { report, type CommandContext, type JsonFlag } from '../../command-context.js';
import { PROFILE_KEYS, profileName, readProfiles, writeProfiles, type ProfileKey } from '../../profiles.js';

/** `atrium config set [--profile prod] registry-url https://…` / `token atr_…`: stored with mode 0600. */
export function configSetCommand(ctx: CommandContext): Command {
  return new Command('set')
    .description(
      'store registry-url or token in a profile, in $XDG_CONFIG_HOME/atrium/config.json (or ~/.config/atrium/config.json), ' +
        'file mode 0600; --registry/--token flags and $ATRIUM_REGISTRY_URL/$ATRIUM_TOKEN still win over it',
    )
    .argument('<key>', `one of: ${PROFILE_KEYS.join(', ')}`)
    .argument('<value>', 'the value')
    .option('--profile <name>', 'profile to change (default: $ATRIUM_PROFILE or "default")')
    .option('--json', 'print { profile, key, file } as JSON')
    .action((key: string, value: string, flags: JsonFlag & { profile?: string }) => {
      const profileKey = parseKey(key);
      if (profileKey === 'registry-url' && !/^https?:\/\/./.test(value))
        throw CliError.usage(`registry-url "${value}" is not an http(s) URL, e.g. http://127.0.0.1:4100`);
      const { name } = profileName(ctx.io.env, flags.profile);
      const profiles = readProfiles(ctx.io.env);
      profiles[name] = { ...profiles[name], [profileKey]: value };
      const file = writeProfiles(ctx.io.env, profiles);
      report(
        ctx,
        flags,
        { profile: name, key: profileKey, file },
        () => `Set ${profileKey} of profile ${name} in ${file}.\n`,
      );
    });
}

export function parseKey(key: string): ProfileKey {
  if ((PROFILE_KEYS as readonly string[]).includes(key)) return key as ProfileKey;
  throw CliError.usage(`unknown key "${key}": use one of ${PROFILE_KEYS.join(', ')}`);
}
