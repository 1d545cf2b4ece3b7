// The git context the CLI sends: flags over the CI job's variables (GitHub Actions, GitLab CI, Buildkite, CircleCI).
import { describe, expect, it } from 'vitest';
import { formatGitContext, gitContextFromCi, provenanceOf } from '../../cli/git-context.js';

describe('git context from CI variables', () => {
  it('reads GitHub Actions, with the pull request URL from refs/pull/N/merge', () => {
    expect(
      gitContextFromCi({
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: 'abc',
        GITHUB_REF: 'refs/pull/7/merge',
        GITHUB_HEAD_REF: 'feature',
        GITHUB_REF_NAME: '7/merge',
        GITHUB_ACTOR: 'ada',
        GITHUB_SERVER_URL: 'https://ghe.example.com',
        GITHUB_REPOSITORY: 'acme/shop',
      }),
    ).toEqual({
      commit: 'abc',
      branch: 'feature',
      author: 'ada',
      prUrl: 'https://ghe.example.com/acme/shop/pull/7',
    });
    // A push: the branch is GITHUB_REF_NAME (GITHUB_HEAD_REF is empty), no pull request.
    expect(
      gitContextFromCi({
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: 'def',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_HEAD_REF: '',
        GITHUB_REF_NAME: 'main',
      }),
    ).toEqual({ commit: 'def', branch: 'main' });
  });

  it('reads GitLab CI merge requests, Buildkite and CircleCI', () => {
    expect(
      gitContextFromCi({
        GITLAB_CI: 'true',
        CI_COMMIT_SHA: '111',
        CI_COMMIT_REF_NAME: 'refs-name',
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'mr-branch',
        CI_MERGE_REQUEST_IID: '12',
        CI_PROJECT_URL: 'https://gitlab.com/acme/shop',
        GITLAB_USER_LOGIN: 'grace',
      }),
    ).toEqual({
      commit: '111',
      branch: 'mr-branch',
      author: 'grace',
      prUrl: 'https://gitlab.com/acme/shop/-/merge_requests/12',
    });
    expect(
      gitContextFromCi({
        BUILDKITE: 'true',
        BUILDKITE_COMMIT: '222',
        BUILDKITE_BRANCH: 'bk',
        BUILDKITE_BUILD_AUTHOR: 'linus',
        BUILDKITE_PULL_REQUEST: '5',
        BUILDKITE_REPO: 'git@github.com:acme/shop.git',
      }),
    ).toEqual({ commit: '222', branch: 'bk', author: 'linus', prUrl: 'https://github.com/acme/shop/pull/5' });
    expect(
      gitContextFromCi({ BUILDKITE: 'true', BUILDKITE_COMMIT: '2', BUILDKITE_PULL_REQUEST: 'false' }),
    ).toEqual({ commit: '2' });
    expect(
      gitContextFromCi({
        CIRCLECI: 'true',
        CIRCLE_SHA1: '333',
        CIRCLE_BRANCH: 'cc',
        CIRCLE_USERNAME: 'ken',
        CIRCLE_PULL_REQUEST: 'https://github.com/acme/shop/pull/9',
      }),
    ).toEqual({ commit: '333', branch: 'cc', author: 'ken', prUrl: 'https://github.com/acme/shop/pull/9' });
    expect(gitContextFromCi({ PATH: '/bin' })).toEqual({});
  });

  it('lets flags win over CI and sends nothing when nothing is known', () => {
    expect(
      provenanceOf(
        { commit: 'flag', contextId: 'pr-1' },
        { CIRCLECI: 'true', CIRCLE_SHA1: 'ci', CIRCLE_BRANCH: 'b' },
      ),
    ).toEqual({ git: { commit: 'flag', branch: 'b' }, contextId: 'pr-1' });
    expect(provenanceOf({}, {})).toEqual({});
    expect(formatGitContext({ commit: '0123456789abcdef', branch: 'main', author: null, prUrl: null })).toBe(
      'main @ 0123456789ab',
    );
    expect(formatGitContext(null)).toBeNull();
  });
});
