/**
 * A deterministic, large federated graph for benchmarks and tests: ≥ 1 MB of SDL and ≥ 5,000 fields with the
 * defaults, split into subgraphs that share entities (`@key(fields: "id")`) across them. `changed: true` gives
 * the "proposed" version: a fixed mix of breaking, dangerous and safe changes, plus fields that move from one
 * subgraph to another (not a client-visible change).
 */

export interface LargeGraphOptions {
  /** Number of subgraphs (default 12). */
  readonly subgraphs?: number;
  /** Entities shared by three subgraphs each (default 120). */
  readonly entities?: number;
  /** Fields each subgraph contributes to each entity it shares (default 6). */
  readonly fieldsPerEntityShare?: number;
  /** Value types, enums and inputs per subgraph (default 18). */
  readonly typesPerSubgraph?: number;
  /** Fields per value type (default 12). */
  readonly fieldsPerType?: number;
  /** The proposed version instead of the current one (default false). */
  readonly changed?: boolean;
  /** PRNG seed (default 1). */
  readonly seed?: number;
}

export interface LargeGraph {
  readonly subgraphs: { readonly name: string; readonly sdl: string }[];
  /** The same graph as one plain (non-federated) SDL, as a client would see it. */
  readonly sdl: string;
  readonly fieldCount: number;
}

interface FieldModel {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly args: string;
  readonly deprecated: boolean;
}

interface TypeModel {
  readonly kind: 'type' | 'input' | 'enum';
  readonly name: string;
  readonly description: string;
  readonly keyed: boolean;
  readonly fields: FieldModel[];
  readonly values: string[];
}

const SCALARS = ['String', 'Int', 'Float', 'Boolean', 'ID'] as const;
const WORDS = [
  'account',
  'billing',
  'catalog',
  'delivery',
  'estimate',
  'fulfilment',
  'gateway',
  'history',
  'inventory',
  'journal',
  'ledger',
  'metric',
] as const;

export function generateLargeGraph(options: LargeGraphOptions = {}): LargeGraph {
  const subgraphCount = options.subgraphs ?? 12;
  const entityCount = options.entities ?? 120;
  const perShare = options.fieldsPerEntityShare ?? 6;
  const typesPerSubgraph = options.typesPerSubgraph ?? 18;
  const fieldsPerType = options.fieldsPerType ?? 12;
  const changed = options.changed ?? false;
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentence = (subject: string): string =>
    `The ${pick(WORDS)} ${subject} as recorded by the ${pick(WORDS)} service; refreshed with every ${pick(WORDS)} update and eventually consistent.`;

  // Types per subgraph, in order; the monolith merges same-named types.
  // An entity this subgraph contributes to (entity e is shared by subgraphs e, e+1 and e+3 modulo the count).
  const ownedEntity = (s: number, t: number): string =>
    `Entity${(s + subgraphCount * (t % Math.max(1, Math.floor(entityCount / subgraphCount)))) % entityCount}`;
  const perSubgraph: TypeModel[][] = Array.from({ length: subgraphCount }, () => []);
  let counter = 0;
  const mutate = (): number => counter++;

  for (let e = 0; e < entityCount; e++) {
    const name = `Entity${e}`;
    const description = sentence(`entity ${e}`);
    const contributors = [e % subgraphCount, (e + 1) % subgraphCount, (e + 3) % subgraphCount];
    const shares = contributors.map((s) => ({ s, fields: [] as FieldModel[] }));
    for (const share of shares) {
      for (let f = 0; f < perShare; f++) {
        const fieldName = `s${share.s}_f${f}`;
        const field = scalarField(fieldName, pick(SCALARS), f === 0, sentence(`${fieldName} of ${name}`));
        const n = mutate();
        if (changed && n % 211 === 0) continue; // removed: breaking
        share.fields.push(
          changed && n % 223 === 0 ? { ...field, type: field.type.replace(/!$/, '') } : field,
        );
      }
    }
    // Moving a field between subgraphs is not a client-visible change.
    if (changed && e % 10 === 0) {
      const moved = shares[0]?.fields.pop();
      if (moved) shares[1]?.fields.push(moved);
    }
    for (const share of shares) {
      const idField = scalarField('id', 'ID', true, `Identifier of ${name}.`);
      perSubgraph[share.s]?.push({
        kind: 'type',
        name,
        description,
        keyed: true,
        fields: [idField, ...share.fields],
        values: [],
      });
    }
  }

  for (let s = 0; s < subgraphCount; s++) {
    const types = perSubgraph[s] ?? [];
    const query: FieldModel[] = [];
    for (let t = 0; t < typesPerSubgraph; t++) {
      const enumName = `S${s}Status${t}`;
      const values = ['ACTIVE', 'PENDING', 'ARCHIVED', 'DELETED'];
      if (changed && t % 5 === 0) values.push('SUSPENDED'); // dangerous
      if (changed && t % 7 === 3) values.splice(values.indexOf('DELETED'), 1); // breaking
      types.push({
        kind: 'enum',
        name: enumName,
        description: sentence(`status ${t}`),
        keyed: false,
        fields: [],
        values,
      });

      const inputName = `S${s}Filter${t}`;
      const inputFields = [0, 1, 2, 3, 4].map((f) =>
        scalarField(`by${f}`, pick(SCALARS), false, sentence(`filter ${f}`)),
      );
      if (changed && t % 6 === 1)
        inputFields.push(scalarField('extra', 'String', false, 'Optional extra filter.')); // dangerous
      types.push({
        kind: 'input',
        name: inputName,
        description: sentence(`filter ${t}`),
        keyed: false,
        fields: inputFields,
        values: [],
      });

      const typeName = `S${s}Record${t}`;
      const fields: FieldModel[] = [];
      for (let f = 0; f < fieldsPerType; f++) {
        const n = mutate();
        const base =
          f === 1
            ? { ...scalarField(`status`, enumName, false, sentence('status')) }
            : f === 2
              ? { ...scalarField(`owner`, ownedEntity(s, t), false, sentence('owner')) }
              : scalarField(`field${f}`, pick(SCALARS), f % 3 === 0, sentence(`field ${f} of ${typeName}`));
        if (changed && n % 131 === 0 && f > 2) continue; // removed: breaking
        const withArgs =
          f % 4 === 3
            ? { ...base, args: changed && n % 3 === 0 ? '(unit: String, precision: Int)' : '(unit: String)' }
            : base;
        fields.push(changed && n % 59 === 0 ? { ...withArgs, deprecated: true } : withArgs);
      }
      if (changed && t % 4 === 2)
        fields.push(scalarField('addedLater', 'String', false, 'A field added later.')); // safe
      types.push({
        kind: 'type',
        name: typeName,
        description: sentence(`record ${t}`),
        keyed: false,
        fields,
        values: [],
      });

      query.push({
        name: `s${s}Records${t}`,
        type: `[${typeName}!]!`,
        description: sentence(`records ${t}`),
        args: `(filter: ${inputName}, first: Int = ${changed && t === 0 ? 20 : 10}, after: String)`,
        deprecated: false,
      });
    }
    for (let e = s; e < entityCount; e += subgraphCount) {
      query.push(
        scalarField(`s${s}Entity${e}`, `Entity${e}`, false, sentence(`entity ${e} lookup`), '(id: ID!)'),
      );
    }
    types.unshift({ kind: 'type', name: 'Query', description: '', keyed: false, fields: query, values: [] });
  }

  const subgraphs = perSubgraph.map((types, s) => ({ name: `subgraph${s}`, sdl: renderSubgraph(types) }));
  const { sdl, fieldCount } = renderMonolith(perSubgraph.flat());
  return { subgraphs, sdl, fieldCount };
}

function scalarField(
  name: string,
  type: string,
  nonNull: boolean,
  description: string,
  args = '',
): FieldModel {
  return { name, type: nonNull ? `${type}!` : type, description, args, deprecated: false };
}

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@inaccessible"])\n\n';

function renderSubgraph(types: readonly TypeModel[]): string {
  return LINK + types.map((type) => renderType(type, true)).join('\n');
}

/** Merges the types of all subgraphs by name (fields in first-seen order) and renders them without federation. */
function renderMonolith(types: readonly TypeModel[]): { sdl: string; fieldCount: number } {
  const merged = new Map<string, TypeModel>();
  for (const type of types) {
    const known = merged.get(type.name);
    if (!known) {
      merged.set(type.name, { ...type, fields: [...type.fields], values: [...type.values] });
      continue;
    }
    const names = new Set(known.fields.map((field) => field.name));
    for (const field of type.fields) if (!names.has(field.name)) known.fields.push(field);
  }
  const all = [...merged.values()];
  const fieldCount = all.reduce((sum, type) => sum + type.fields.length, 0);
  return { sdl: all.map((type) => renderType(type, false)).join('\n'), fieldCount };
}

function renderType(type: TypeModel, federated: boolean): string {
  const description = type.description ? `"""${type.description}"""\n` : '';
  if (type.kind === 'enum') {
    return `${description}enum ${type.name} {\n${type.values.map((value) => `  ${value}`).join('\n')}\n}\n`;
  }
  const key = federated && type.keyed ? ' @key(fields: "id")' : '';
  const fields = type.fields
    .map((field) => {
      const deprecated = field.deprecated ? ' @deprecated(reason: "Scheduled for removal.")' : '';
      return `  """${field.description}"""\n  ${field.name}${field.args}: ${field.type}${deprecated}`;
    })
    .join('\n');
  return `${description}${type.kind} ${type.name}${key} {\n${fields}\n}\n`;
}

/** A small deterministic PRNG (mulberry32), so every run generates the same graph. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
