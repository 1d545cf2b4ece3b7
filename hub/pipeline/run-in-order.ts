/**
 * Runs one phase's hooks one after another, in table order. A hook that returns no promise costs no await, so
 * phases that run per subgraph fetch stay synchronous when their hooks are.
 */
export function runInOrder<Input>(
  hooks: readonly ((input: Input) => void | Promise<void>)[],
  input: Input,
): void | Promise<void> {
  for (let index = 0; index < hooks.length; index++) {
    const pending = hooks[index]?.(input);
    if (pending !== undefined) return pending.then(() => runInOrder(hooks.slice(index + 1), input));
  }
  return undefined;
}
