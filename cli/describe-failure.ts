import { RegistryError } from '../registry/errors.js';
import { RegistryApiError, RegistryUnreachableError } from './client/index.js';
import { CliError } from './cli-error.js';
import type { ClientOrigin } from './command-context.js';
import { ExitCode } from './exit-codes.js';

export interface Failure {
  readonly exitCode: ExitCode;
  readonly text: string;
  readonly body: Record<string, unknown> & { code: string; message: string };
}

/** How a failure is printed (`error: …` on stderr, or `{ error }` under --json) and the exit code it maps to. */
export function describeFailure(error: unknown, origin?: ClientOrigin): Failure {
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
    const message = `${error.message}${authHint(error, origin)}`;
    return {
      exitCode:
        error.isAuthFailure || error.code === 'NOT_A_REGISTRY'
          ? ExitCode.UNREACHABLE_OR_UNAUTHORIZED
          : ExitCode.REJECTED,
      text: `[${error.code}] ${message}${locations}`,
      body: { ...error.details, code: error.code, message, status: error.status },
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
  const listen = portInUse(error);
  if (listen) return listen;
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    exitCode: ExitCode.REJECTED,
    text: `unexpected failure: ${message}`,
    body: { code: 'INTERNAL', message },
  };
}

/** What to do about a 401: name where a token goes, or where the refused one came from. */
function authHint(error: RegistryApiError, origin: ClientOrigin | undefined): string {
  if (error.status !== 401 || origin === undefined) return '';
  if (origin.tokenFrom === undefined)
    return ': no token was given; pass --token <token>, set $ATRIUM_TOKEN, or store one with atrium config set token <token>';
  return `: the token from ${origin.tokenFrom} was refused (unknown, revoked or mistyped) by ${origin.url}`;
}

/** `registry start` / `hub start` on a port that is taken: say so and how to choose another. */
function portInUse(error: unknown): Failure | undefined {
  const errno = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (!(error instanceof Error) || errno.code !== 'EADDRINUSE') return undefined;
  const where =
    errno.port === undefined
      ? 'the port'
      : `port ${errno.port}${errno.address ? ` on ${errno.address}` : ''}`;
  const message = `${where} is already in use by another process: stop it, or choose another port with --port (or $PORT for registry start)`;
  return { exitCode: ExitCode.REJECTED, text: message, body: { code: 'PORT_IN_USE', message } };
}
