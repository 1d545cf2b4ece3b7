/**
 * The error-catalogue builder every service uses (the registry's `registry/errors.ts`, the hub's
 * `hub/errors.ts` and each policy's codes): a catalogue maps a stable code to its status, a description for
 * `docs/errors.md`, and how to build the message from the error's details. Services differ only in the error
 * object they build (a `GraphQLError` for the hub, an `Error` with a JSON body for the registry), which they
 * pass as `construct`.
 */

export type ErrorDetails = Record<string, unknown>;

/** What a catalogue entry says; a service may add fields of its own (headers, internal details). */
export interface ErrorSpec<D extends ErrorDetails | void, Status> {
  readonly status: Status;
  readonly description: string;
  readonly message: string | ((details: D) => string);
}

/** `create()` takes the details when the entry has any, and nothing otherwise. */
export type CreateArgs<D> = D extends ErrorDetails ? [details: D] : [];

export interface ErrorDefinition<D extends ErrorDetails | void, E, Status> {
  readonly code: string;
  readonly status: Status;
  readonly description: string;
  create(...args: CreateArgs<D>): E;
}

export type DetailsOf<S> = S extends ErrorSpec<infer D, unknown> ? D : never;

export type ErrorCatalogue<Specs, E, Status> = {
  readonly [K in keyof Specs]: ErrorDefinition<DetailsOf<Specs[K]>, E, Status>;
};

/** What `construct` gets for one error: its code, its entry, the details (`{}` when none) and the message. */
export interface ErrorInstance<S> {
  readonly code: string;
  readonly spec: S;
  readonly details: ErrorDetails;
  readonly message: string;
}

/**
 * What every entry has whatever its details. (The constraint names no details type on purpose: a generic one
 * would become the contextual type of each `define<D>(…)` call and infer its `D` as `never`.)
 */
export interface ErrorSpecBase<Status> {
  readonly status: Status;
  readonly description: string;
}

export function buildErrorCatalogue<Status, Specs extends Readonly<Record<string, ErrorSpecBase<Status>>>, E>(
  specs: Specs,
  construct: (instance: ErrorInstance<Specs[keyof Specs]>) => E,
): ErrorCatalogue<Specs, E, Status> {
  const entries = Object.entries(specs).map(([code, spec]) => {
    const typed = spec as unknown as Specs[keyof Specs] & ErrorSpec<ErrorDetails | void, Status>;
    const definition = {
      code,
      status: typed.status,
      description: typed.description,
      create(details?: ErrorDetails): E {
        const message = typeof typed.message === 'string' ? typed.message : typed.message(details ?? {});
        return construct({ code, spec: typed, details: details ?? {}, message });
      },
    };
    return [code, Object.freeze(definition)] as const;
  });
  return Object.freeze(Object.fromEntries(entries)) as unknown as ErrorCatalogue<Specs, E, Status>;
}

/** Every definition of the catalogues, for documentation and the tests that keep `docs/errors.md` in step. */
export function definitionsOf<E, Status>(
  ...catalogues: readonly Readonly<Record<string, ErrorDefinition<never, E, Status>>>[]
): readonly ErrorDefinition<never, E, Status>[] {
  return catalogues.flatMap((catalogue) => Object.values(catalogue));
}
