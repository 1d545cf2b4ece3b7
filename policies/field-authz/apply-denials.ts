/**
 * Shapes the response of a filtered operation as if the denied fields had been resolved to `null`: inserts
 * `null` at each denied path, propagates nulls through non-null fields and list items as GraphQL execution
 * would, removes the `__typename` filtering added (under `typenameAlias`, next to denied or narrowed fields), and returns one error per denied path. Pure: no Node
 * or Apollo; the input data is not changed.
 *
 * Error paths are response paths, as the GraphQL spec's field errors have: response keys and list indices, one
 * error for each place in the response the denied field would have been resolved (`["topProducts", 0, "reviews",
 * 1, "author", "email"]`). Where the parent is null, missing, another type or an empty list, the field was not
 * reached and has no error. A response without data (the request failed elsewhere) gets one error per denied
 * field with the response keys of its path. The walk runs once per response, on the data as the gateway returned
 * it (before nulls propagate), so two denied non-null fields of one object give two errors. A denied field whose
 * response key was also served by another, allowed selection of the same object keeps that value (the error is
 * still reported). Inserted keys come after the fields the gateway returned.
 */
import type { DeniedField, ResponseShaping } from './filter-document.js';
import type { PathSegment } from './operation-requirements.js';

export const UNAUTHORIZED_FIELD_OR_TYPE = 'UNAUTHORIZED_FIELD_OR_TYPE';

export type ResponsePath = readonly (string | number)[];

export interface DenialError {
  readonly message: string;
  readonly path: ResponsePath;
  readonly extensions: { readonly code: typeof UNAUTHORIZED_FIELD_OR_TYPE; readonly coordinate: string };
}

export interface ShapedResponse {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly DenialError[];
}

type ResponseObject = Record<string, unknown>;

/**
 * One error per response path of each denied field in `data`; without `data`, one per denied field with the
 * response keys of its path.
 */
export function denialErrors(
  denied: readonly DeniedField[],
  data?: ResponseObject | null,
  typenameAlias = '',
): DenialError[] {
  return denied.flatMap((field) => {
    const paths =
      data === null || data === undefined
        ? [field.path.map((segment) => segment.key)]
        : responsePaths(data, field.path, typenameAlias);
    return paths.map((path) => ({
      message: `Unauthorized field or type: ${field.coordinate}`,
      path,
      extensions: { code: UNAUTHORIZED_FIELD_OR_TYPE, coordinate: field.coordinate },
    }));
  });
}

/** Every place in `data` where the last segment of `path` would be resolved, as response paths. */
function responsePaths(data: ResponseObject, path: readonly PathSegment[], alias: string): ResponsePath[] {
  const found: ResponsePath[] = [];
  const visitObject = (object: unknown, depth: number, prefix: (string | number)[]): void => {
    const segment = path[depth];
    if (!isResponseObject(object) || segment === undefined || !appliesTo(segment, object, alias)) return;
    const at = [...prefix, segment.key];
    if (depth === path.length - 1) found.push(at);
    else visitValue(object[segment.key], depth, 0, at);
  };
  const visitValue = (value: unknown, depth: number, level: number, prefix: (string | number)[]): void => {
    const segment = path[depth];
    if (segment === undefined || value === null || value === undefined) return;
    if (level === segment.nonNull.length - 1) {
      visitObject(value, depth + 1, prefix);
      return;
    }
    if (!Array.isArray(value)) return;
    value.forEach((item: unknown, index) => visitValue(item, depth, level + 1, [...prefix, index]));
  };
  visitObject(data, 0, []);
  return found;
}

export function applyDenials(
  data: ResponseObject | null | undefined,
  { denied, typenameAlias }: ResponseShaping,
): ShapedResponse {
  const errors = denialErrors(denied, data, typenameAlias);
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
