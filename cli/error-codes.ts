/**
 * The codes the `atrium` CLI itself prints (as `error: …` on stderr, or `{ "error": { "code", "message" } }` on
 * stdout with --json), next to the registry's codes it passes through. docs/errors.md ("CLI") lists the same
 * codes; test/cli/error-codes.test.ts keeps the two in step. Codes are never reused.
 */
export const CLI_ERROR_CODES = {
  USAGE: 'the command line was wrong (exit 2)',
  REGISTRY_UNREACHABLE: 'the registry could not be reached (exit 3)',
  NOT_A_REGISTRY: 'the URL answered, but not as an Atrium registry (exit 3)',
  PORT_IN_USE: 'registry start / hub start: the port is taken (exit 1)',
  CONFIG_INVALID: 'hub start: the hub config file is missing or invalid (exit 2)',
  INVALID_SDL: 'schema diff: a file does not parse or validate (exit 2)',
  COMPOSITION_FAILED: 'supergraph compose: the subgraphs do not compose (exit 1)',
  INTROSPECTION_FAILED:
    'subgraph introspect, supergraph compose, dev: a subgraph URL did not serve _service (exit 1)',
  DEV_TOKEN_FAILED:
    'dev token: unknown client (2), provider unreachable (3), refused or a scope not granted (1)',
  NOT_SET: 'config get: the key is not set in the profile (exit 1)',
  NOT_CONFIRMED:
    'graph delete, variant delete, token revoke: the name typed at the prompt did not match (exit 1)',
  INTERNAL: 'an unexpected failure: a bug, reported with its stack (exit 1)',
} as const;

export type CliErrorCode = keyof typeof CLI_ERROR_CODES;
