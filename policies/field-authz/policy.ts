/**
 * The hub adapter of `field-authz`: phase `operation` (after `auth`, before query planning) plus a `response`
 * hook. One `FieldAuthorizer` per loaded supergraph, built when the gateway loads it (its warnings logged
 * then), found per request by the request's API schema. Per request: one authorization lookup, and in filter
 * mode the document swap (`useFilteredDocument`, which also resets `queryHash` for the gateway's plan cache).
 */
import type {
  GraphQLRequest,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextWillSendResponse,
} from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { HubContext } from '../contract/hub-context.js';
import { HubSettingErrors } from '../contract/hub-settings.js';
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import { applyDenials, type DenialError } from './apply-denials.js';
import {
  AUTHORIZATION_DIRECTIVES,
  authorizationMetadata,
  NO_AUTHORIZATION_METADATA,
} from './authorization-directives.js';
import { FieldAuthzErrors } from './errors.js';
import { FieldAuthorizer, type FieldAuthzOutcome } from './field-authorizer.js';
import { useFilteredDocument } from './gateway-document.js';
import { answerIntrospection, introspectionDocument } from './introspection-answer.js';
import { fieldAuthzOptions, type FieldAuthzOptions } from './options.js';

type OperationContext = GraphQLRequestContextDidResolveOperation<HubContext>;
type ResponseContext = GraphQLRequestContextWillSendResponse<HubContext>;

/** What the response hook needs from the operation hook, per request. */
interface RequestState {
  readonly outcome: FieldAuthzOutcome;
  /** Filtered introspection: the caller's schema and the introspection-only document. */
  readonly introspection?: { readonly schema: GraphQLSchema; readonly document: DocumentNode };
}

export function createFieldAuthz(
  options: FieldAuthzOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'operation'>> {
  const { logger } = deps;
  const authorizers = new WeakMap<GraphQLSchema, FieldAuthorizer>();
  const introspectionDocuments = new WeakMap<DocumentNode, Map<string, DocumentNode | undefined>>();
  // Per operation, not per HTTP request: keyed by the `GraphQLRequest`, which Apollo keeps from
  // `didResolveOperation` to `willSendResponse` (unlike the context object, which it copies per operation).
  const requests = new WeakMap<GraphQLRequest, RequestState>();

  function build(schema: GraphQLSchema, metadata = NO_AUTHORIZATION_METADATA): FieldAuthorizer {
    const authorizer = new FieldAuthorizer({
      options,
      schema,
      metadata,
      onDecisionLookup: (hit) => deps.events.record({ kind: 'cache-lookup', cache: 'authz-decisions', hit }),
    });
    for (const warning of authorizer.warnings) {
      logger.warn({ code: warning.code, coordinate: warning.coordinate }, warning.message);
    }
    authorizers.set(schema, authorizer);
    return authorizer;
  }
  deps.supergraph.onLoad(({ schema, supergraph }) =>
    build(schema, authorizationMetadata(supergraph.directives)),
  );
  // Only when a request's schema was loaded before this policy listened (never in the hub's boot order).
  const authorizerFor = (schema: GraphQLSchema): FieldAuthorizer => {
    const known = authorizers.get(schema);
    if (known !== undefined) return known;
    const supergraph = deps.supergraph.supergraphForSchema(schema);
    return build(schema, supergraph && authorizationMetadata(supergraph.directives));
  };

  function introspectionOf(document: DocumentNode, operationName: string | null): DocumentNode | undefined {
    let byName = introspectionDocuments.get(document);
    if (byName === undefined) {
      byName = new Map();
      introspectionDocuments.set(document, byName);
    }
    const key = operationName ?? '';
    if (!byName.has(key)) byName.set(key, introspectionDocument(document, operationName));
    return byName.get(key);
  }

  function filteredIntrospection(
    requestContext: OperationContext,
    authorizer: FieldAuthorizer,
  ): RequestState['introspection'] {
    if (options.introspection !== 'filtered') return undefined;
    const document = introspectionOf(requestContext.document, requestContext.operationName);
    if (document === undefined) return undefined;
    const schema = authorizer.introspectionSchema(requestContext.contextValue.principal);
    return schema === undefined || schema === requestContext.schema ? undefined : { schema, document };
  }

  return {
    operation: (requestContext) => {
      const authorizer = authorizerFor(requestContext.schema);
      const outcome = authorizer.authorize(
        requestContext.document,
        requestContext.operationName,
        requestContext.contextValue.principal,
      );
      const denied = deniedCount(outcome);
      if (denied > 0) deps.events.record({ kind: 'field-authz-denial', fields: denied });
      switch (outcome.kind) {
        case 'rejected':
          throw FieldAuthzErrors.FORBIDDEN_OPERATION.create({ coordinates: outcome.coordinates });
        case 'too-complex':
          throw FieldAuthzErrors.FORBIDDEN_OPERATION.create({ coordinates: [] });
        case 'introspection-disabled':
          throw HubSettingErrors.INTROSPECTION_DISABLED.create();
        case 'dry-run':
          logDryRun(logger, requestContext, outcome);
          break;
        case 'allowed':
        case 'filtered':
          break;
      }
      // Read the introspection selections from the document the client sent, before any swap.
      const introspection = filteredIntrospection(requestContext, authorizer);
      if (outcome.kind === 'filtered') useFilteredDocument(requestContext, outcome.filtered, outcome.source);
      if (outcome.kind !== 'allowed' || introspection !== undefined) {
        requests.set(requestContext.request, { outcome, ...(introspection && { introspection }) });
      }
    },
    response: (requestContext) => {
      const state = requests.get(requestContext.request);
      if (state !== undefined) shapeResponse(requestContext, state);
    },
  };
}

function shapeResponse(requestContext: ResponseContext, { outcome, introspection }: RequestState): void {
  const body = requestContext.response.body;
  // Incremental (@defer) responses are not shaped: see README.md, "Known limits".
  if (body.kind !== 'single') return;
  const result = body.singleResult;
  if (introspection !== undefined && result.data != null) {
    const answered = answerIntrospection(
      introspection.schema,
      introspection.document,
      requestContext.request.variables,
    );
    result.data = { ...result.data, ...answered };
  }
  if (outcome.kind === 'filtered') {
    const shaped = applyDenials(result.data, outcome.filtered);
    if (shaped.data !== undefined) result.data = shaped.data;
    result.errors = [...(result.errors ?? []), ...shaped.errors.map(toCatalogueError)];
  } else if (outcome.kind === 'dry-run') {
    result.extensions = {
      ...result.extensions,
      fieldAuthz: { dryRun: true, denied: deniedPaths(outcome.denied) },
    };
  }
}

/** How many fields the outcome denies (or, dry-run, would deny). */
function deniedCount(outcome: FieldAuthzOutcome): number {
  switch (outcome.kind) {
    case 'filtered':
      return outcome.filtered.denied.length;
    case 'rejected':
    case 'dry-run':
      return outcome.denied.length;
    case 'allowed':
    case 'too-complex':
    case 'introspection-disabled':
      return 0;
  }
}

function toCatalogueError(denial: DenialError) {
  const error = FieldAuthzErrors.UNAUTHORIZED_FIELD_OR_TYPE.create({
    coordinate: denial.extensions.coordinate,
  });
  return { message: error.message, path: denial.path, extensions: error.extensions };
}

function deniedPaths(denied: Extract<FieldAuthzOutcome, { kind: 'dry-run' }>['denied']) {
  return denied.map((field) => ({
    path: field.path.map((segment) => segment.key),
    coordinate: field.coordinate,
  }));
}

function logDryRun(
  logger: Logger,
  requestContext: OperationContext,
  outcome: Extract<FieldAuthzOutcome, { kind: 'dry-run' }>,
): void {
  logger.info(
    { dryRun: true, operationName: requestContext.operationName, denied: deniedPaths(outcome.denied) },
    'field-authz dry run: the operation selects fields the caller may not read',
  );
}

export const fieldAuthzPolicy = definePolicy({
  name: 'field-authz',
  phase: 'operation',
  dependsOn: ['auth'],
  options: fieldAuthzOptions,
  config: { key: 'authorization', enabledWith: 'auth', inherits: ['introspection'] },
  directives: AUTHORIZATION_DIRECTIVES,
  errors: FieldAuthzErrors,
  create: createFieldAuthz,
});
