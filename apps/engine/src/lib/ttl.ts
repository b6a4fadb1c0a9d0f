/**
 * `load()` at most once per `ms` of wall-clock time (a batch making thousands of decisions a
 * second reads the registry and the rules once a second, not once per order).
 */
export function everyMs<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = performance.now();
    if (!cached || now - cached.at > ms) {
      const value = load();
      cached = { at: now, value };
      value.catch(() => {
        cached = null;
      });
    }
    return cached.value;
  };
}
