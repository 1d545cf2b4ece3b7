import type { Command } from 'commander';

/** `--commit --branch --author --pr-url --context-id` on `subgraph check`, `publish` and `delete`. */
export interface GitFlags {
  readonly commit?: string;
  readonly branch?: string;
  readonly author?: string;
  readonly prUrl?: string;
  readonly contextId?: string;
}

export interface GitContextInput {
  commit?: string;
  branch?: string;
  author?: string;
  prUrl?: string;
}

/** What a check or write sends: `git` when anything is known, `contextId` when given. */
export interface Provenance {
  git?: GitContextInput;
  contextId?: string;
}

export function gitOptions(command: Command): Command {
  return command
    .option('--commit <sha>', 'git commit of this schema (default: from CI, see docs/cli.md)')
    .option('--branch <name>', 'git branch (default: from CI)')
    .option('--author <name>', 'author of the change (default: from CI)')
    .option('--pr-url <url>', 'pull or merge request URL (default: from CI)')
    .option(
      '--context-id <id>',
      'what an approval follows across commits (default, on the registry: the PR URL, else the branch)',
    );
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The git context of the CI job, from the variables of GitHub Actions, GitLab CI, Buildkite and CircleCI (the
 * first whose marker variable is set); empty outside CI.
 */
export function gitContextFromCi(env: Env): GitContextInput {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text ? text : undefined;
  };
  if (env.GITHUB_ACTIONS === 'true') {
    const pr = /^refs\/pull\/(\d+)\//.exec(value('GITHUB_REF') ?? '')?.[1];
    const server = value('GITHUB_SERVER_URL') ?? 'https://github.com';
    const repository = value('GITHUB_REPOSITORY');
    return compact({
      commit: value('GITHUB_SHA'),
      branch: value('GITHUB_HEAD_REF') ?? value('GITHUB_REF_NAME'),
      author: value('GITHUB_ACTOR'),
      prUrl: pr && repository ? `${server}/${repository}/pull/${pr}` : undefined,
    });
  }
  if (env.GITLAB_CI === 'true') {
    const iid = value('CI_MERGE_REQUEST_IID');
    const project = value('CI_MERGE_REQUEST_PROJECT_URL') ?? value('CI_PROJECT_URL');
    return compact({
      commit: value('CI_COMMIT_SHA'),
      branch: value('CI_MERGE_REQUEST_SOURCE_BRANCH_NAME') ?? value('CI_COMMIT_REF_NAME'),
      author: value('GITLAB_USER_LOGIN'),
      prUrl: iid && project ? `${project}/-/merge_requests/${iid}` : undefined,
    });
  }
  if (env.BUILDKITE === 'true') {
    const pr = value('BUILDKITE_PULL_REQUEST');
    const github = /github\.com[:/](.+?)(?:\.git)?$/.exec(value('BUILDKITE_REPO') ?? '')?.[1];
    return compact({
      commit: value('BUILDKITE_COMMIT'),
      branch: value('BUILDKITE_BRANCH'),
      author: value('BUILDKITE_BUILD_AUTHOR') ?? value('BUILDKITE_BUILD_CREATOR'),
      prUrl: pr && /^\d+$/.test(pr) && github ? `https://github.com/${github}/pull/${pr}` : undefined,
    });
  }
  if (env.CIRCLECI === 'true') {
    return compact({
      commit: value('CIRCLE_SHA1'),
      branch: value('CIRCLE_BRANCH'),
      author: value('CIRCLE_USERNAME'),
      prUrl: value('CIRCLE_PULL_REQUEST'),
    });
  }
  return {};
}

/** The flags, each over its CI value. */
export function provenanceOf(flags: GitFlags, env: Env): Provenance {
  const git = {
    ...gitContextFromCi(env),
    ...compact({ commit: flags.commit, branch: flags.branch, author: flags.author, prUrl: flags.prUrl }),
  };
  return {
    ...(Object.keys(git).length > 0 ? { git } : {}),
    ...(flags.contextId === undefined ? {} : { contextId: flags.contextId }),
  };
}

function compact(parts: Record<keyof GitContextInput, string | undefined>): GitContextInput {
  const out: GitContextInput = {};
  for (const [key, part] of Object.entries(parts) as [keyof GitContextInput, string | undefined][]) {
    if (part !== undefined) out[key] = part;
  }
  return out;
}

/** `main @ 3f2c9a1d0b7e by ada, https://…/pull/42`, or `null` when nothing is known. */
export function formatGitContext(
  git: { commit: string | null; branch: string | null; author: string | null; prUrl: string | null } | null,
): string | null {
  if (!git) return null;
  const where = [git.branch, git.commit ? git.commit.slice(0, 12) : null].filter(Boolean).join(' @ ');
  const parts = [where || null, git.author ? `by ${git.author}` : null, git.prUrl].filter(
    (part): part is string => part !== null,
  );
  return parts.length > 0 ? parts.join(', ') : null;
}
