/** Reads the `RateLimit` / `RateLimit-Policy` fields of a response into plain values, for assertions. */

export type FieldItems = Record<string, Record<string, string | number>>;

/** `"rate";r=0;t=5, "budget";r=10;t=3` → `{ rate: { r: 0, t: 5 }, budget: { r: 10, t: 3 } }`. */
export function parseLimitField(value: string | null): FieldItems {
  const items: FieldItems = {};
  if (value === null) return items;
  for (const item of value.split(/,\s*(?=")/)) {
    const [name = '', ...params] = item.trim().split(';');
    const entry: Record<string, string | number> = {};
    for (const param of params) {
      const [key = '', raw = ''] = param.split('=');
      entry[key] = raw.startsWith('"') ? raw.slice(1, -1) : Number(raw);
    }
    items[name.replace(/^"|"$/g, '')] = entry;
  }
  return items;
}

export function limitFields(headers: Headers): { policy: FieldItems; limit: FieldItems } {
  return {
    policy: parseLimitField(headers.get('ratelimit-policy')),
    limit: parseLimitField(headers.get('ratelimit')),
  };
}
