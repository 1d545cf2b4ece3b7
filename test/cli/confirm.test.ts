// Destructive commands on a terminal ask for the name; a wrong answer changes nothing (exit 1).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/cli-error.js';
import { createCommandContext } from '../../cli/command-context.js';
import { confirmDestructive } from '../../cli/confirm.js';

function terminal(answer: string) {
  let stderr = '';
  const stdin = Object.assign(Readable.from([answer]), { isTTY: true });
  const ctx = createCommandContext({
    stdout: () => undefined,
    stderr: (text) => void (stderr += text),
    stdin,
    env: {},
    cwd: process.cwd(),
  });
  return { ctx, stderr: () => stderr };
}

describe('confirmDestructive on a terminal', () => {
  it('goes on when the name is typed', async () => {
    const { ctx, stderr } = terminal('shop\n');
    await expect(confirmDestructive(ctx, {}, 'shop', 'Deleting graph shop')).resolves.toBeUndefined();
    expect(stderr()).toBe('Deleting graph shop cannot be undone. Type shop to confirm: ');
  });

  it('stops with exit 1 on another answer, and --yes does not ask', async () => {
    const { ctx } = terminal('shpo\n');
    const refused = confirmDestructive(ctx, {}, 'shop', 'Deleting graph shop');
    await expect(refused).rejects.toBeInstanceOf(CliError);
    await expect(refused).rejects.toMatchObject({
      exitCode: 1,
      message: 'not confirmed (expected shop); nothing was changed',
    });
    const quiet = terminal('');
    await confirmDestructive(quiet.ctx, { yes: true }, 'shop', 'Deleting graph shop');
    expect(quiet.stderr()).toBe('');
  });
});
