import { authorize } from '../../services/authorization.js';
import { getLintConfig } from '../../services/audit-and-changelog.js';
import { graphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const getLintConfigRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/lint-config',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const { graph } = validate(graphParamsSchema, request.params);
    return { lintConfig: await getLintConfig(ctx, graph) };
  },
});
