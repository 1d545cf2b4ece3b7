import { authorize } from '../../services/authorization.js';
import { getSupergraphVersion } from '../../services/variant-reads.js';
import { versionParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const getSupergraphVersionRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/supergraph/versions/:version',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph, variant, version } = validate(versionParamsSchema, request.params);
    return getSupergraphVersion(ctx, { graph, variant }, version);
  },
});
