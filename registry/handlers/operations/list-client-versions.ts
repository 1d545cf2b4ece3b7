import { authorize } from '../../services/authorization.js';
import { listClientVersions } from '../../services/persisted-operations.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { clientVersionsParamsSchema, clientVersionsQuerySchema } from './operation-schemas.js';

/** Every client version of the variant (`?client=` for one client). */
export const listVariantClientVersionsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/client-versions',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(variantParamsSchema, request.params);
    const { client } = validate(clientVersionsQuerySchema, request.query);
    return { versions: await listClientVersions(ctx, params, client ?? null) };
  },
});

/** The versions of one client in the variant. */
export const listClientVersionsRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/clients/:client/versions',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { client, ...ref } = validate(clientVersionsParamsSchema, request.params);
    return { versions: await listClientVersions(ctx, ref, client) };
  },
});
