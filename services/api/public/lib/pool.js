// Bounded concurrency without a dependency.

/**
 * Runs `work` over `items`, at most `size` at once; results in the order of `items`.
 * @template T, R
 * @param {T[]} items
 * @param {number} size
 * @param {(item: T) => Promise<R>} work
 * @returns {Promise<R[]>}
 */
export async function inPool(items, size, work) {
  /** @type {R[]} */
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(/** @type {T} */ (items[index]));
      }
    }),
  );
  return results;
}
