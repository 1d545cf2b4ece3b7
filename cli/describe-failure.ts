import { RegistryError } from '../registry/errors.js';
import { RegistryApiError, RegistryUnreachableError } from './client/index.js';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

export interface Failure {
  readonly exitCode: ExitCode;
  readonly text: string;
  readonly body: Record<string, unknown> & { code: string; message: string };
}

/** How a failure is printed (`error: …` on stderr, or `{ error }` under --json) and the exit code it maps to. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof CliError) {
    return {
      exitCode: error.exitCode,
      text: error.message,
      body: { code: error.code, message: error.message },
    };
  }
  if (error instanceof RegistryUnreachableError) {
    return {
      exitCode: ExitCode.UNREACHABLE_OR_UNAUTHORIZED,
      text: error.message,
      body: { code: 'REGISTRY_UNREACHABLE', message: error.message },
    };
  }
  if (error instanceof RegistryApiError) {
    const locations = Array.isArray(error.details.locations)
      ? (error.details.locations as { line: number; column: number }[])
          .map((l) => `\n  at line ${l.line}, column ${l.column}`)
          .join('')
      : '';
    return {
      exitCode: error.isAuthFailure ? ExitCode.UNREACHABLE_OR_UNAUTHORIZED : ExitCode.REJECTED,
      text: `[${error.code}] ${error.message}${locations}`,
      body: { ...error.details, code: error.code, message: error.message, status: error.status },
    };
  }
  if (error instanceof RegistryError) {
    // Raised in this process by `registry start` (INVALID_CONFIG: exit 2; DATA_DIR_LOCKED, ADMIN_TOKEN_UNUSABLE:
    // exit 1): printed as `[CODE] message` with its details in --json, no stack trace.
    return {
      exitCode: error.code === 'INVALID_CONFIG' ? ExitCode.USAGE : ExitCode.REJECTED,
      text: `[${error.code}] ${error.message}`,
      body: error.toBody(),
    };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    exitCode: ExitCode.REJECTED,
    text: `unexpected failure: ${message}`,
    body: { code: 'INTERNAL', message },
  };
}
