/**
 * Apollo Server's serialization of a result (`JSON.stringify(result) + '\n'`, its default), done once per shared
 * answer: requests that shared one execution (shared-executions.ts) hand Apollo the same `data` object, and when
 * such a result carries no errors and no extensions its text is the same for each of them. The text is kept by
 * that object (weakly: it goes with the last response holding it) and reused. Only data objects the shared
 * executions marked are kept, so a request that shared nothing costs one `WeakSet` lookup.
 */
import type { FormattedExecutionResult } from 'graphql';

const shared = new WeakSet<object>();
const texts = new WeakMap<object, string>();

/** Marks `data` as handed to more than one request. */
export function markSharedData(data: unknown): void {
  if (data !== null && typeof data === 'object') shared.add(data);
}

export function stringifyResult(value: FormattedExecutionResult): string {
  const { data } = value;
  if (
    value.errors !== undefined ||
    value.extensions !== undefined ||
    data === null ||
    data === undefined ||
    !shared.has(data)
  ) {
    return `${JSON.stringify(value)}\n`;
  }
  let text = texts.get(data);
  if (text === undefined) {
    text = `${JSON.stringify(value)}\n`;
    texts.set(data, text);
  }
  return text;
}
