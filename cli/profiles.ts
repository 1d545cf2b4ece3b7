import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * CLI profiles (`atrium config set --profile prod registry-url …`): a registry URL and a token per profile, in
 * `$XDG_CONFIG_HOME/atrium/config.json` (else `~/.config/atrium/config.json`), written with file mode 0600 since
 * it holds tokens. `--profile` or `$ATRIUM_PROFILE` selects one (default: `default`); flags and the environment
 * (`--registry`, `--token`, `$ATRIUM_REGISTRY_URL`, `$ATRIUM_TOKEN`) still win over it.
 */
export const PROFILE_KEYS = ['registry-url', 'token'] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type Profile = Partial<Record<ProfileKey, string>>;
export const DEFAULT_PROFILE = 'default';

interface ConfigFile {
  profiles: Record<string, Profile>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Where the profiles live, or undefined when neither $XDG_CONFIG_HOME nor $HOME is set. */
export function configFilePath(env: Env): string | undefined {
  const base = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  return base === undefined ? undefined : join(base, 'atrium', 'config.json');
}

export function readProfiles(env: Env): Record<string, Profile> {
  const path = configFilePath(env);
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw CliError.usage(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<ConfigFile>;
    return typeof parsed.profiles === 'object' && parsed.profiles !== null ? parsed.profiles : {};
  } catch {
    throw CliError.usage(`${path} is not valid JSON: fix or delete it, then run atrium config set again`);
  }
}

/** Writes the profiles atomically (temporary file, then rename), mode 0600 in a 0700 directory. */
export function writeProfiles(env: Env, profiles: Record<string, Profile>): string {
  const path = configFilePath(env);
  if (path === undefined) throw CliError.usage('set $HOME or $XDG_CONFIG_HOME: the profiles live under it');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ profiles }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}

/** The profile in use: `--profile`, else `$ATRIUM_PROFILE`, else `default`. */
export function profileName(env: Env, flag: string | undefined): { name: string; explicit: boolean } {
  const name = flag ?? env.ATRIUM_PROFILE;
  return name ? { name, explicit: true } : { name: DEFAULT_PROFILE, explicit: false };
}

/** The selected profile's values; a profile named explicitly must exist. */
export function selectedProfile(env: Env, flag: string | undefined): { name: string; profile: Profile } {
  const { name, explicit } = profileName(env, flag);
  const profiles = readProfiles(env);
  const profile = profiles[name];
  if (profile) return { name, profile };
  if (explicit) {
    const known = Object.keys(profiles);
    throw CliError.usage(
      `no profile "${name}"${known.length > 0 ? ` (profiles: ${known.join(', ')})` : ''}: create it with ` +
        `atrium config set --profile ${name} registry-url <url>`,
    );
  }
  return { name, profile: {} };
}
