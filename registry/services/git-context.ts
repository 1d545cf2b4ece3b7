import type { GitContext } from '../api-types.js';

/** What a request may say about where it comes from (`git` in a check, publish or delete body). */
export interface GitContextInput {
  commit?: string | undefined;
  branch?: string | undefined;
  author?: string | undefined;
  prUrl?: string | undefined;
}

/** The stored git context: every part `null` when not given; `null` when nothing was given. */
export function toGitContext(input: GitContextInput | undefined): GitContext | null {
  if (!input) return null;
  const git: GitContext = {
    commit: input.commit ?? null,
    branch: input.branch ?? null,
    author: input.author ?? null,
    prUrl: input.prUrl ?? null,
  };
  return Object.values(git).some((part) => part !== null) ? git : null;
}

/**
 * The context an approval follows: the one given, else the pull-request URL, else the branch (docs/registry-api.md,
 * "Approvals"); `null` when there is none, and the approval then applies to the same input only.
 */
export function resolveContextId(contextId: string | undefined, git: GitContext | null): string | null {
  return contextId ?? git?.prUrl ?? git?.branch ?? null;
}
