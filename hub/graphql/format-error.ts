/**
 * Error masking for production (`maskErrors`): internal errors become a generic message with their code (the
 * original is logged), and "Did you mean …?" suggestions, which leak schema details, are removed. Stack traces
 * are left out by Apollo itself (`includeStacktraceInErrorResponses: false`).
 */
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { HubErrors } from '../errors.js';

const SUGGESTION = / ?Did you mean .+\?$/s;

export function stripSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export function createMaskingFormatError(logger: Logger): FormatError {
  const internal = HubErrors.INTERNAL_SERVER_ERROR.create();
  return (formatted, error) => {
    const code = formatted.extensions?.['code'];
    if (code === undefined || code === internal.code) {
      logger.error({ err: unwrapResolverError(error) }, 'internal error (masked in the response)');
      return {
        message: internal.message,
        ...(formatted.path === undefined ? {} : { path: formatted.path }),
        extensions: { code: internal.code },
      };
    }
    const message = stripSuggestions(formatted.message);
    return message === formatted.message ? formatted : { ...formatted, message };
  };
}
