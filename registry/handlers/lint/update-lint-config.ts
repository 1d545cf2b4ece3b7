import { authorize } from '../../services/authorization.js';
import { updateLintConfig } from '../../services/audit-and-changelog.js';
import { graphParamsSchema, lintConfigBodySchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const updateLintConfigRoute: RouteFactory = (ctx) => ({
  method: 'PUT',
  url: '/v1/graphs/:graph/lint-config',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { graph } = validate(graphParamsSchema, request.params);
    const body = validate(lintConfigBodySchema, request.body);
    return { lintConfig: await updateLintConfig(ctx, graph, body, principal) };
  },
});
