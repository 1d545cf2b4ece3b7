import { ApolloServer, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubContext } from '../../../policies/contract/hub-context.js';
import type { PolicyDeps } from '../../../policies/contract/policy-deps.js';
import { NO_POLICY_EVENTS } from '../../../policies/contract/policy-events.js';
import { RequestState } from '../../../policies/contract/request-state.js';
import { authPolicy } from '../../../policies/auth/index.js';
import {
  issuerOptions,
  silentLogger,
  startTestIssuer,
  type TestIssuer,
} from '../../helpers/oidc-provider.js';

describe('the auth policy in the hub pipeline', () => {
  let issuer: TestIssuer;
  let runContextHook: (authorization?: string) => Promise<HubContext>;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    const options = authPolicy.options.parse({
      issuers: [issuerOptions(issuer)],
      requireAuthentication: true,
    });
    // The auth policy never reads the supergraph.
    const deps = {
      logger: silentLogger,
      supergraph: undefined,
      events: NO_POLICY_EVENTS,
    } as unknown as PolicyDeps;
    const hooks = authPolicy.instantiate(options, deps);
    runContextHook = async (authorization) => {
      const context: HubContext = { state: new RequestState({ requestId: 'test', receivedAt: 0n }) };
      const headers = new HeaderMap(authorization === undefined ? [] : [['authorization', authorization]]);
      await hooks.context?.({ context, http: { method: 'POST', headers, search: '', body: {} } });
      return context;
    };
  });
  afterAll(() => issuer.close());

  it('is the context-phase policy named auth', () => {
    expect(authPolicy).toMatchObject({ name: 'auth', phase: 'context', dependsOn: [] });
  });

  it('writes the principal into the context', async () => {
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    const context = await runContextHook(`Bearer ${token}`);
    expect(context.principal?.subject).toBe('demo-app');
    expect([...(context.principal?.scopes ?? [])]).toEqual(['read:users']);
  });

  it('throws a 401 UNAUTHENTICATED GraphQL error with the challenge header', async () => {
    const error = await runContextHook('Bearer not-a-valid-token').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GraphQLError);
    const { extensions } = error as GraphQLError;
    expect(extensions['code']).toBe('UNAUTHENTICATED');
    expect(extensions['http']).toEqual({
      status: 401,
      headers: new Map([
        [
          'www-authenticate',
          'Bearer realm="atrium", error="invalid_token", error_description="The access token is not active"',
        ],
      ]),
    });
  });

  it('throws a bare challenge when the token is missing', async () => {
    const error = (await runContextHook().catch((thrown: unknown) => thrown)) as GraphQLError;
    expect(error.extensions['http']).toEqual({
      status: 401,
      headers: new Map([['www-authenticate', 'Bearer realm="atrium"']]),
    });
  });
});

describe('a rejection through Apollo Server', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.close());

  it('becomes a 401 response with the WWW-Authenticate header and code UNAUTHENTICATED, not a 500', async () => {
    const options = authPolicy.options.parse({ issuers: [issuerOptions(issuer)] });
    const hooks = authPolicy.instantiate(options, {
      logger: silentLogger,
      supergraph: undefined,
      events: NO_POLICY_EVENTS,
    } as unknown as PolicyDeps);
    const server = new ApolloServer<HubContext>({
      typeDefs: 'type Query { ok: Boolean }',
      logger: silentLogger,
    });
    await server.start();
    try {
      const httpGraphQLRequest = {
        method: 'POST',
        headers: new HeaderMap([
          ['content-type', 'application/json'],
          ['authorization', 'Bearer expired.or.forged'],
        ]),
        search: '',
        body: { query: '{ ok }' },
      };
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => {
          const context: HubContext = { state: new RequestState({ requestId: 'test', receivedAt: 0n }) };
          await hooks.context?.({ context, http: httpGraphQLRequest });
          return context;
        },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer realm="atrium", error="invalid_token", error_description="The access token is malformed"',
      );
      const body =
        response.body.kind === 'complete'
          ? (JSON.parse(response.body.string) as { errors: { extensions: object }[] })
          : undefined;
      expect(body?.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    } finally {
      await server.stop();
    }
  });
});
