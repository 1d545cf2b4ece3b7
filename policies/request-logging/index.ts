/**
 * `request-logging`: one structured log line per GraphQL request with the client's name and version, the
 * operation, the duration, the HTTP status and the error codes. It never logs headers other than the two
 * client headers, nor variables or the query text. See README.md.
 */
import { definePolicy, type PolicyDeps, type PolicyHooks } from '../../hub/pipeline/policy.js';
import type { HubContext } from '../../hub/pipeline/hub-context.js';
import { buildRequestLogRecord } from './log-record.js';
import { requestLoggingOptions, type RequestLoggingOptions } from './options.js';

export type { RequestLoggingOptions } from './options.js';

const MESSAGE = 'graphql request';

export function createRequestLogging(
  options: RequestLoggingOptions,
  deps: PolicyDeps,
): PolicyHooks & Required<Pick<PolicyHooks, 'response'>> {
  const startedAt = new WeakMap<HubContext, bigint>();
  const { logger } = deps;
  const { level, clientNameHeader, clientVersionHeader } = options;

  return {
    context: ({ context }) => {
      startedAt.set(context, process.hrtime.bigint());
    },
    response: (requestContext) => {
      if (!logger.isLevelEnabled(level)) return;
      const start = startedAt.get(requestContext.contextValue);
      const headers = requestContext.request.http?.headers;
      const body = requestContext.response.body;
      const record = buildRequestLogRecord({
        clientName: headers?.get(clientNameHeader),
        clientVersion: headers?.get(clientVersionHeader),
        operationName: requestContext.operationName ?? requestContext.request.operationName,
        operationType: requestContext.operation?.operation,
        durationNs: start === undefined ? 0n : process.hrtime.bigint() - start,
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
