/**
 * `request-logging`: one structured log line per GraphQL request with the client's name and version, the
 * operation, the duration, the HTTP status and the error codes. It never logs headers other than the two
 * client headers, nor variables or the query text. See README.md.
 */
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import { buildRequestLogRecord } from './log-record.js';
import { requestLoggingOptions, type RequestLoggingOptions } from './options.js';

export type { RequestLoggingOptions } from './options.js';

const MESSAGE = 'graphql request';

export function createRequestLogging(
  options: RequestLoggingOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'response'>> {
  const { logger } = deps;
  const { level, clientNameHeader, clientVersionHeader } = options;

  return {
    response: (requestContext) => {
      if (!logger.isLevelEnabled(level)) return;
      // The request's state, not a WeakMap keyed by the context: Apollo copies the context per operation.
      const { requestId, receivedAt } = requestContext.contextValue.state;
      const headers = requestContext.request.http?.headers;
      const body = requestContext.response.body;
      const record = buildRequestLogRecord({
        requestId,
        clientName: headers?.get(clientNameHeader),
        clientVersion: headers?.get(clientVersionHeader),
        operationName: requestContext.operationName ?? requestContext.request.operationName,
        operationType: requestContext.operation?.operation,
        durationNs: process.hrtime.bigint() - receivedAt,
        status: requestContext.response.http.status ?? 200,
        errors: body.kind === 'single' ? body.singleResult.errors : requestContext.errors,
      });
      logger[level](record, MESSAGE);
    },
  };
}

export const requestLoggingPolicy = definePolicy({
  name: 'request-logging',
  phase: 'response',
  enabledByDefault: true,
  options: requestLoggingOptions,
  create: createRequestLogging,
});
