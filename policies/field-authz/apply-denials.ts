/**
 * Shapes the response of a filtered operation as if the denied fields had been resolved to `null`: inserts
 * `null` at each denied path, propagates nulls through non-null fields and list items as GraphQL execution
 * would, removes the `__typename` filtering added (under `typenameAlias`, next to denied or narrowed fields), and returns one error per denied path. Pure: no Node
 * or Apollo; the input data is not changed.
 *
 * Error paths are response keys without list indices: one error stands for the field in every list item. A
 * denied field whose response key was also served by another, allowed selection of the same object keeps that
 * value (the error is still reported). Inserted keys come after the fields the gateway returned.
 */
import type { DeniedField, ResponseShaping } from './filter-document.js';
import type { PathSegment } from './operation-requirements.js';

export const UNAUTHORIZED_FIELD_OR_TYPE = 'UNAUTHORIZED_FIELD_OR_TYPE';

export interface DenialError {
  readonly message: string;
  readonly path: readonly string[];
  readonly extensions: { readonly code: typeof UNAUTHORIZED_FIELD_OR_TYPE; readonly coordinate: string };
}

export interface ShapedResponse {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly DenialError[];
}

type ResponseObject = Record<string, unknown>;

export function denialErrors(denied: readonly DeniedField[]): DenialError[] {
  return denied.map((field) => ({
    message: `Unauthorized field or type: ${field.coordinate}`,
    path: field.path.map((segment) => segment.key),
    extensions: { code: UNAUTHORIZED_FIELD_OR_TYPE, coordinate: field.coordinate },
  }));
}

export function applyDenials(
  data: ResponseObject | null | undefined,
  { denied, typenameAlias }: ResponseShaping,
): ShapedResponse {
  const errors = denialErrors(denied);
  if (data === null || data === undefined || denied.length === 0) return { data, errors };
  let shaped: ResponseObject | null = structuredClone(data);
  for (const field of denied) {
    if (shaped !== null && insertNull(shaped, field.path, 0, typenameAlias)) shaped = null;
  }
  if (shaped !== null) {
    for (const field of denied) removeMarkers(shaped, field.path, 0, typenameAlias);
  }
  return { data: shaped, errors };
}

/** Inserts the null below `object` (which holds segment `depth`); returns whether `object` must become null. */
function insertNull(object: unknown, path: readonly PathSegment[], depth: number, alias: string): boolean {
  const segment = path[depth];
  if (!isResponseObject(object) || segment === undefined || !appliesTo(segment, object, alias)) return false;
  if (depth === path.length - 1) {
    if (object[segment.key] !== undefined) return false;
    object[segment.key] = null;
    return segment.nonNull[0] === true;
  }
  if (!(segment.key in object)) return false;
  if (!insertInValue(object[segment.key], path, depth, 0, alias)) return false;
  object[segment.key] = null;
  return segment.nonNull[0] === true;
}

/** `value` is segment `depth`'s value at list level `level`; returns whether it must become null. */
function insertInValue(
  value: unknown,
  path: readonly PathSegment[],
  depth: number,
  level: number,
  alias: string,
): boolean {
  const segment = path[depth];
  if (segment === undefined || value === null) return false;
  if (level === segment.nonNull.length - 1) return insertNull(value, path, depth + 1, alias);
  if (!Array.isArray(value)) return false;
  let listMustBeNull = false;
  value.forEach((item: unknown, index) => {
    if (!insertInValue(item, path, depth, level + 1, alias)) return;
    value[index] = null;
    if (segment.nonNull[level + 1] === true) listMustBeNull = true;
  });
  return listMustBeNull;
}

function removeMarkers(value: unknown, path: readonly PathSegment[], depth: number, alias: string): void {
  if (Array.isArray(value)) {
    for (const item of value) removeMarkers(item, path, depth, alias);
    return;
  }
  if (!isResponseObject(value)) return;
  const segment = path[depth];
  if (segment === undefined) return;
  if (segment.onTypes !== undefined || depth === path.length - 1) delete value[alias];
  if (depth < path.length - 1) removeMarkers(value[segment.key], path, depth + 1, alias);
}

function appliesTo(segment: PathSegment, object: ResponseObject, alias: string): boolean {
  if (segment.onTypes === undefined) return true;
  const typename = object[alias];
  return typeof typename === 'string' && segment.onTypes.includes(typename);
}

function isResponseObject(value: unknown): value is ResponseObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
