/**
 * The few Structured Field Values for HTTP (RFC 9651, formerly RFC 8941) serializations the RateLimit fields
 * need: Lists of Items whose bare item is a String, with Integer, String, Byte Sequence and Boolean parameters.
 * Serialization follows the RFC's algorithms, so what they refuse (a non-ASCII string, an integer beyond
 * 15 digits, an invalid key) throws here: a header value is never half right.
 */

export type BareItem = string | number | boolean | Uint8Array;

export interface Item {
  readonly value: BareItem;
  /** In order of serialization. */
  readonly params?: readonly (readonly [key: string, value: BareItem])[] | undefined;
}

const KEY = /^[a-z*][a-z0-9_\-.*]*$/;
const MAX_INTEGER = 999_999_999_999_999;

function serializeInteger(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_INTEGER) {
    throw new RangeError(`a structured-field integer must be an integer of at most 15 digits, not ${value}`);
  }
  return String(value);
}

/** RFC 9651 §4.1.6: printable ASCII only, `"` and `\` escaped. */
export function serializeString(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      throw new RangeError(`a structured-field string holds printable ASCII only: ${JSON.stringify(value)}`);
    }
  }
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

function serializeBareItem(value: BareItem): string {
  if (typeof value === 'string') return serializeString(value);
  if (typeof value === 'number') return serializeInteger(value);
  if (typeof value === 'boolean') return value ? '?1' : '?0';
  return `:${btoa(String.fromCharCode(...value))}:`;
}

export function serializeKey(key: string): string {
  if (!KEY.test(key)) throw new RangeError(`invalid structured-field key ${JSON.stringify(key)}`);
  return key;
}

function serializeParams(params: Item['params']): string {
  let out = '';
  for (const [key, value] of params ?? []) {
    out += `;${serializeKey(key)}`;
    if (value !== true) out += `=${serializeBareItem(value)}`;
  }
  return out;
}

export function serializeItem(item: Item): string {
  return serializeBareItem(item.value) + serializeParams(item.params);
}

/** A List: members separated by `, `. An empty List is not serialized (the field is left out). */
export function serializeList(items: readonly Item[]): string {
  if (items.length === 0) throw new RangeError('an empty structured-field list has no serialization');
  return items.map(serializeItem).join(', ');
}
