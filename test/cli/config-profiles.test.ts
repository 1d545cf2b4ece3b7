// `atrium config set|get|list` and profiles: stored with mode 0600 under $XDG_CONFIG_HOME, selected by --profile or
// $ATRIUM_PROFILE; --registry/--token and $ATRIUM_REGISTRY_URL/$ATRIUM_TOKEN still win. And `atrium completion`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_profiles_admin_0123456789abcdefghij';
let registry: Awaited<ReturnType<typeof startRegistry>>;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  home = mkdtempSync(join(tmpdir(), 'atrium-config-'));
  env = { XDG_CONFIG_HOME: join(home, 'xdg') };
});

afterAll(async () => {
  await registry?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('atrium config', () => {
  it('stores a profile with mode 0600 and reads it back', async () => {
    expect(
      (await runCli(['config', 'set', '--profile', 'prod', 'registry-url', registry.url], { env })).code,
    ).toBe(0);
    const set = await runCli(['config', 'set', '--profile', 'prod', 'token', ADMIN], { env });
    expect(set.code, set.stderr).toBe(0);
    const file = join(home, 'xdg', 'atrium', 'config.json');
    expect(set.stdout).toBe(`Set token of profile prod in ${file}.\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      profiles: { prod: { 'registry-url': registry.url, token: ADMIN } },
    });
    const get = await runCli(['config', 'get', '--profile', 'prod', 'registry-url'], { env });
    expect(get.stdout).toBe(`${registry.url}\n`);
    const list = await runCli(['config', 'list'], { env: { ...env, ATRIUM_PROFILE: 'prod' } });
    expect(list.stdout).toMatch(/\*\s+prod\s+http:\/\/127\.0\.0\.1:\d+\s+atr_prof…/);
    expect(list.stdout).not.toContain(ADMIN);
  });

  it('falls back to ~/.config when XDG_CONFIG_HOME is not set', async () => {
    const result = await runCli(['config', 'set', 'registry-url', 'http://127.0.0.1:1'], {
      env: { HOME: home },
    });
    expect(result.stdout).toContain(join(home, '.config', 'atrium', 'config.json'));
  });

  it('--profile and $ATRIUM_PROFILE select the profile a registry command uses', async () => {
    expect((await runCli(['graph', 'list', '--profile', 'prod'], { env })).code).toBe(0);
    expect((await runCli(['graph', 'list'], { env: { ...env, ATRIUM_PROFILE: 'prod' } })).code).toBe(0);
  });

  it('the client and webhook commands use the selected profile too', async () => {
    expect((await runCli(['graph', 'create', 'profiled', '--profile', 'prod'], { env })).code).toBe(0);
    for (const argv of [
      ['client', 'list', 'profiled', '--json'],
      ['webhook', 'list', 'profiled', '--json'],
    ]) {
      const viaFlag = await runCli([...argv, '--profile', 'prod'], { env });
      expect(viaFlag.code, `${argv.join(' ')}: ${viaFlag.stderr}`).toBe(0);
      const viaEnv = await runCli(argv, { env: { ...env, ATRIUM_PROFILE: 'prod' } });
      expect(viaEnv.code, `${argv.join(' ')}: ${viaEnv.stderr}`).toBe(0);
    }
    const listed = await runCli(['client', 'list', 'profiled', '--json', '--profile', 'prod'], { env });
    expect(JSON.parse(listed.stdout)).toMatchObject({ graph: 'profiled' });
  });

  it('flags and the environment win over the profile', async () => {
    const envWins = await runCli(['graph', 'list', '--profile', 'prod'], {
      env: { ...env, ATRIUM_TOKEN: 'atr_not_the_admin_0000000000' },
    });
    expect(envWins.code).toBe(3);
    expect(envWins.stderr).toContain('the token from $ATRIUM_TOKEN was refused');
    const flagWins = await runCli(
      ['graph', 'list', '--profile', 'prod', '--registry', 'http://127.0.0.1:1'],
      { env },
    );
    expect(flagWins.code).toBe(3);
    expect(flagWins.stderr).toContain('cannot reach the registry at http://127.0.0.1:1');
  });

  it('an unknown profile is a usage error that lists the known ones', async () => {
    const result = await runCli(['graph', 'list', '--profile', 'staging'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no profile "staging" (profiles: prod)');
  });

  it('rejects unknown keys and non-URL registry URLs', async () => {
    expect((await runCli(['config', 'set', 'colour', 'blue'], { env })).code).toBe(2);
    expect((await runCli(['config', 'set', 'registry-url', 'notaurl'], { env })).code).toBe(2);
  });
});

describe('atrium completion', () => {
  it('bash: completes commands and their options', async () => {
    const script = await runCli(['completion', 'bash']);
    expect(script.code).toBe(0);
    const file = join(home, 'atrium.bash');
    writeFileSync(file, script.stdout);
    const complete = (words: string): string =>
      spawnSync(
        'bash',
        [
          '-c',
          `source ${file}; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _atrium; echo "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      ).stdout.trim();
    expect(complete('atrium sub')).toBe('subgraph');
    expect(complete('atrium subgraph ch')).toBe('check');
    expect(complete('atrium subgraph check --fa')).toBe('--fail-on');
    expect(complete('atrium supergraph co')).toBe('compose');
  });

  it('zsh and fish scripts name every group', async () => {
    for (const shell of ['zsh', 'fish']) {
      const script = await runCli(['completion', shell]);
      expect(script.code).toBe(0);
      for (const group of ['subgraph', 'supergraph', 'graph', 'config', 'dev'])
        expect(script.stdout).toContain(group);
    }
    expect((await runCli(['completion', 'powershell'])).code).toBe(2);
  });
});
