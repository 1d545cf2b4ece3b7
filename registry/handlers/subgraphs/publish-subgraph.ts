import { RegistryErrors } from '../../errors.js';
import { authorize } from '../../services/authorization.js';
import { publishSubgraph } from '../../services/publish-subgraph.js';
import { resolveContextId, toGitContext } from '../../services/git-context.js';
import { publishBodySchema, subgraphParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { notifyPublish } from '../../webhooks/write-events.js';

export const publishSubgraphRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/variants/:variant/subgraphs/:name',
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, {
      action: 'publish',
      graph: pathParam(request, 'graph'),
      subgraph: pathParam(request, 'name'),
    });
    const { graph, variant, name } = validate(subgraphParamsSchema, request.params);
    const body = validate(publishBodySchema, request.body);
    const result = await publishSubgraph(ctx, {
      graph,
      variant,
      subgraph: name,
      sdl: body.sdl,
      routingUrl: body.routingUrl,
      principal,
      ownerTeam: body.ownerTeam,
      ownerContact: body.ownerContact,
      force: body.force,
      reason: body.reason,
      git: toGitContext(body.git),
      contextId: resolveContextId(body.contextId, toGitContext(body.git)),
    });
    notifyPublish(ctx, { graph, variant }, name, result);
    // A blocked publish committed its check and audit entry; the refusal itself is a catalogue error.
    if (result.status === 'blocked') {
      throw RegistryErrors.BREAKING_CHANGES.create({
        checkId: result.check.id,
        report: result.check.report,
        ignoredApprovals: result.ignoredApprovals,
      });
    }
    return reply.code(result.status === 'published' ? 201 : 200).send(result);
  },
});
