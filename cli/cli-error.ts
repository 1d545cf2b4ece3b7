import { ExitCode } from './exit-codes.js';

/** A failure the CLI reports with a message and a chosen exit code (no stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly code: string,
  ) {
    super(message);
  }

  static usage(message: string): CliError {
    return new CliError(message, ExitCode.USAGE, 'USAGE');
  }
}
