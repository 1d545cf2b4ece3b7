import { authorize } from '../../services/authorization.js';
import { getChangelog } from '../../services/audit-and-changelog.js';
import { changelogQuerySchema, variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

export const listChangelogRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/changelog',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const params = validate(variantParamsSchema, request.params);
    const { since } = validate(changelogQuerySchema, request.query);
    const parsed =
      since === undefined
        ? null
        : /^\d+$/.test(since)
          ? { version: Number(since) }
          : { date: new Date(since).toISOString() };
    return { versions: await getChangelog(ctx, params, parsed) };
  },
});
