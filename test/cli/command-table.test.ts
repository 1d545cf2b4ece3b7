// The lazy command table of cli/program.ts stays true: each entry's name and arguments are its factory's, every
// command is documented, and a run loads only the module of the command it runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCommandContext } from '../../cli/command-context.js';
import { COMMANDS, entryUsage } from '../../cli/program.js';
import { runCli } from '../helpers/cli.js';

const docs = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

describe('the command table', () => {
  const ctx = createCommandContext({
    stdout: () => undefined,
    stderr: () => undefined,
    stdin: process.stdin,
    env: {},
    cwd: process.cwd(),
  });

  for (const entry of COMMANDS) {
    it(`${entry.command}: name, arguments and docs match`, async () => {
      const command = (await entry.load())(ctx);
      expect(command.name()).toBe(entry.command.split(' ').at(-1));
      const usage = command.usage().replace(' [command]', '');
      expect(usage).toBe(entryUsage(entry));
      expect(docs).toContain(`atrium ${entry.command}`);
    });
  }

  it('lists every command in its group help', async () => {
    const help = await runCli(['subgraph', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('check [options] <graph@variant>');
    expect(help.stdout).toContain('publish [options] <graph@variant>');
  });
});
