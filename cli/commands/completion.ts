import { Command, type Command as CommandType } from 'commander';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

interface Node {
  readonly path: string;
  readonly commands: readonly string[];
  readonly options: readonly string[];
}

/**
 * `atrium completion bash|zsh|fish`: a completion script for every command and option, generated from the
 * command tree (so it never goes stale). Install: `atrium completion bash > /etc/bash_completion.d/atrium`,
 * `atrium completion zsh > "${fpath[1]}/_atrium"`, `atrium completion fish > ~/.config/fish/completions/atrium.fish`.
 */
export function completionCommand(ctx: CommandContext): Command {
  return new Command('completion')
    .description(
      'print a shell completion script for bash, zsh or fish (see docs/cli.md for where to put it)',
    )
    .argument('<shell>', SHELLS.join(' | '))
    .action(async (shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell))
        throw CliError.usage(`unknown shell "${shell}": use one of ${SHELLS.join(', ')}`);
      if (!ctx.commandTree) throw new Error('the command tree is not available');
      const program = await ctx.commandTree();
      const nodes = collect(program, '');
      ctx.io.stdout(SCRIPTS[shell as Shell](nodes));
    });
}

function collect(command: CommandType, path: string): Node[] {
  const commands = command.commands.map((c) => c.name());
  const options = [...command.options.flatMap((o) => [o.long, o.short]), '--help'].filter(
    (flag): flag is string => typeof flag === 'string',
  );
  return [
    { path, commands, options },
    ...command.commands.flatMap((c) => collect(c, path ? `${path} ${c.name()}` : c.name())),
  ];
}

const SCRIPTS: Record<Shell, (nodes: readonly Node[]) => string> = {
  bash: (nodes) => `# atrium bash completion: source this file, or put it in /etc/bash_completion.d/atrium
_atrium() {
  local cur path word i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case "$path|$word" in
${nodes
  .flatMap((n) =>
    n.commands.map((c) => `      "${n.path}|${c}") path="${n.path ? `${n.path} ` : ''}${c}" ;;`),
  )
  .join('\n')}
    esac
  done
  local words=""
  case "$path" in
${nodes.map((n) => `    "${n.path}") words="${[...n.commands, ...n.options].join(' ')}" ;;`).join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  [[ \${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
  return 0
}
complete -o default -F _atrium atrium
`,
  zsh: (nodes) => `#compdef atrium
# atrium zsh completion: put this file in a directory of $fpath as _atrium
_atrium() {
  local path="" word
  local -a words_
  for word in \${words[2,CURRENT-1]}; do
    [[ "$word" == -* ]] && continue
    case "$path|$word" in
${nodes
  .flatMap((n) =>
    n.commands.map((c) => `      "${n.path}|${c}") path="${n.path ? `${n.path} ` : ''}${c}" ;;`),
  )
  .join('\n')}
    esac
  done
  case "$path" in
${nodes.map((n) => `    "${n.path}") words_=(${[...n.commands, ...n.options].join(' ')}) ;;`).join('\n')}
  esac
  compadd -- $words_
  _files
}
compdef _atrium atrium
`,
  fish: (nodes) =>
    `# atrium fish completion: put this file in ~/.config/fish/completions/atrium.fish
complete -c atrium -f
${nodes
  .flatMap((n) => {
    const parts = n.path ? n.path.split(' ') : [];
    const condition =
      parts.length === 0
        ? '__fish_use_subcommand'
        : `__fish_seen_subcommand_from ${parts.at(-1) ?? ''}; and not __fish_seen_subcommand_from ${n.commands.join(' ') || '__none__'}`;
    return [
      ...n.commands.map((c) => `complete -c atrium -n '${condition}' -a ${c}`),
      ...n.options
        .filter((o) => o.startsWith('--'))
        .map((o) => `complete -c atrium -n '${condition}' -l ${o.slice(2)}`),
    ];
  })
  .join('\n')}
`,
};
