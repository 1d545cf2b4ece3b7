/**
 * The registry's writes as webhook events: what each handler hands over in one call once its service has
 * answered (the write is committed), so that the hooks in the publish, delete, check and approval paths stay one
 * line each. Emitting never throws and never waits for a receiver (dispatcher.ts).
 */
import type { BatchPublishResult, DeleteResult, PublishResult, SchemaCheck } from '../api-types.js';
import type { RegistryContext } from '../services/registry-context.js';
import {
  changeApproved,
  changeForced,
  checkFailed,
  supergraphEmptied,
  supergraphPublished,
  type VariantRefLike,
} from './events.js';

/** `POST …/subgraphs/:name`: a new version (and `change.forced` when forced), or the failed check that blocked it. */
export function notifyPublish(
  ctx: RegistryContext,
  ref: VariantRefLike,
  subgraph: string,
  result: PublishResult,
): void {
  if (result.status === 'blocked') return ctx.webhooks.emit(checkFailed(result.check));
  if (result.status !== 'published') return;
  ctx.webhooks.emit(supergraphPublished(ref, result.version, result.bypass));
  if (result.bypass?.kind === 'forced') {
    ctx.webhooks.emit(
      changeForced(
        ref,
        { action: 'publish', subgraphs: [subgraph], version: result.version.version },
        result.bypass,
      ),
    );
  }
}

/** `POST …/subgraphs` (batch): one version; one `change.forced` naming every subgraph forced through. */
export function notifyBatchPublish(
  ctx: RegistryContext,
  ref: VariantRefLike,
  result: BatchPublishResult,
): void {
  if (result.status === 'blocked') {
    for (const entry of result.blocked) ctx.webhooks.emit(checkFailed(entry.check));
    return;
  }
  if (result.status !== 'published') return;
  const bypassed = result.subgraphs.filter((subgraph) => subgraph.bypass !== null);
  ctx.webhooks.emit(supergraphPublished(ref, result.version, bypassed[0]?.bypass ?? null));
  const forced = bypassed.filter((subgraph) => subgraph.bypass?.kind === 'forced');
  const first = forced[0]?.bypass;
  if (first) {
    ctx.webhooks.emit(
      changeForced(
        ref,
        {
          action: 'publish',
          subgraphs: forced.map((subgraph) => subgraph.name),
          version: result.version.version,
        },
        first,
      ),
    );
  }
}

/** `DELETE …/subgraphs/:name`: the new version (or the emptied variant), `change.forced`, or the failed check. */
export function notifyDelete(
  ctx: RegistryContext,
  ref: VariantRefLike,
  subgraph: string,
  by: string,
  result: DeleteResult,
): void {
  if (result.status === 'blocked') return ctx.webhooks.emit(checkFailed(result.check));
  ctx.webhooks.emit(
    result.version
      ? supergraphPublished(ref, result.version, result.bypass)
      : supergraphEmptied(ref, subgraph, by, result.bypass),
  );
  if (result.bypass?.kind === 'forced') {
    ctx.webhooks.emit(
      changeForced(
        ref,
        { action: 'delete', subgraphs: [subgraph], version: result.version?.version ?? null },
        result.bypass,
      ),
    );
  }
}

/** `POST …/checks`: a failed check. */
export function notifyCheck(ctx: RegistryContext, check: SchemaCheck): void {
  if (!check.passed) ctx.webhooks.emit(checkFailed(check));
}

/** `POST /v1/checks/:id/approve`. */
export function notifyApproval(ctx: RegistryContext, check: SchemaCheck): void {
  ctx.webhooks.emit(changeApproved(check));
}
