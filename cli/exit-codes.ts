/** Process exit codes of the `atrium` CLI, documented in `atrium --help` and docs/cli.md. */
export const ExitCode = {
  /** The command did what was asked. */
  OK: 0,
  /** Rejected: the registry refused the request (composition failed, not found…) or a schema check failed. */
  REJECTED: 1,
  /** The command line was wrong: unknown option, missing argument, unreadable file, invalid graph ref. */
  USAGE: 2,
  /** The registry could not be reached, or refused the token (401/403). */
  UNREACHABLE_OR_UNAUTHORIZED: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  rejected: composition failed, a schema check failed, subgraph not found…
  2  usage error (bad arguments, unreadable schema file, invalid graph ref)
  3  cannot reach or authenticate to the registry`;
