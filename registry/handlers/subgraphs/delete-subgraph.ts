import { RegistryErrors } from '../../errors.js';
import { authorize } from '../../services/authorization.js';
import { deleteSubgraph } from '../../services/delete-subgraph.js';
import { resolveContextId, toGitContext } from '../../services/git-context.js';
import { deleteBodySchema, subgraphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { notifyDelete } from '../../webhooks/write-events.js';

export const deleteSubgraphRoute: RouteFactory = (ctx) => ({
  method: 'DELETE',
  url: '/v1/graphs/:graph/variants/:variant/subgraphs/:name',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, {
      action: 'publish',
      graph: pathParam(request, 'graph'),
      subgraph: pathParam(request, 'name'),
    });
    const { graph, variant, name } = validate(subgraphParamsSchema, request.params);
    const body = validate(deleteBodySchema, request.body);
    const result = await deleteSubgraph(ctx, {
      graph,
      variant,
      subgraph: name,
      principal,
      force: body?.force,
      reason: body?.reason,
      git: toGitContext(body?.git),
      contextId: resolveContextId(body?.contextId, toGitContext(body?.git)),
    });
    notifyDelete(ctx, { graph, variant }, name, principal.name, result);
    // Like a blocked publish: the check and audit entry are committed; the refusal is a catalogue error.
    if (result.status === 'blocked') {
      throw RegistryErrors.BREAKING_CHANGES.create({
        checkId: result.check.id,
        report: result.check.report,
        ignoredApprovals: result.ignoredApprovals,
      });
    }
    return result;
  },
});
