/**
 * `request-logging`: one structured log line per GraphQL request with its trace id, the client's name and
 * version, the operation (name, type, hash), the duration, the HTTP status, the error codes and the policy
 * that refused it, if one did. Requests refused while the context is built (auth, limits, persisted
 * operations) are logged too (`contextRefusal`). It never logs headers other than the two client headers, nor
 * variables or the query text. See README.md.
 */
import type { HTTPGraphQLRequest } from '@apollo/server';
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import { REFUSAL } from '../contract/refusal.js';
import { buildRequestLogRecord } from './log-record.js';
import { createOperationHasher } from './operation-hash.js';
import { requestLoggingOptions, type RequestLoggingOptions } from './options.js';

export type { RequestLoggingOptions } from './options.js';

const MESSAGE = 'graphql request';

function queryOf(http: HTTPGraphQLRequest): string | undefined {
  const body = http.body as { query?: unknown } | undefined;
  return typeof body?.query === 'string' ? body.query : undefined;
}

function operationNameOf(http: HTTPGraphQLRequest): string | undefined {
  const body = http.body as { operationName?: unknown } | undefined;
  return typeof body?.operationName === 'string' ? body.operationName : undefined;
}

export function createRequestLogging(
  options: RequestLoggingOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'response'>> {
  const { logger } = deps;
  const { level, clientNameHeader, clientVersionHeader } = options;
  const hashOf = createOperationHasher();

  return {
    response: (requestContext) => {
      if (!logger.isLevelEnabled(level)) return;
      // The request's state, not a WeakMap keyed by the context: Apollo copies the context per operation.
      const { state } = requestContext.contextValue;
      const headers = requestContext.request.http?.headers;
      const body = requestContext.response.body;
      const record = buildRequestLogRecord({
        requestId: state.requestId,
        traceId: state.traceId,
        clientName: headers?.get(clientNameHeader),
        clientVersion: headers?.get(clientVersionHeader),
        operationName: requestContext.operationName ?? requestContext.request.operationName,
        operationType: requestContext.operation?.operation,
        // The text the client sent (field-authz may swap `source` for a filtered one).
        operationHash: hashOf(requestContext.request.query ?? requestContext.source),
        durationNs: process.hrtime.bigint() - state.receivedAt,
        status: requestContext.response.http.status ?? 200,
        errors: body.kind === 'single' ? body.singleResult.errors : requestContext.errors,
        refusedBy: state.get(REFUSAL),
      });
      logger[level](record, MESSAGE);
    },
    // Refused while the context was built: Apollo answers without a response phase.
    contextRefusal: ({ context, http, refusal, status }) => {
      if (!logger.isLevelEnabled(level)) return;
      const { state } = context;
      const record = buildRequestLogRecord({
        requestId: state.requestId,
        traceId: state.traceId,
        clientName: http.headers.get(clientNameHeader),
        clientVersion: http.headers.get(clientVersionHeader),
        operationName: operationNameOf(http),
        operationType: undefined,
        operationHash: hashOf(queryOf(http)),
        durationNs: process.hrtime.bigint() - state.receivedAt,
        status,
        errors: [{ extensions: { code: refusal.code } }],
        refusedBy: refusal,
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
