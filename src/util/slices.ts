/**
 * Cutting a list into requests: every batched call (KVS batches, Zendesk show_many, Jira bulk
 * fetch) sends consecutive runs of at most its limit, and this is the one place that cuts them.
 */

/** `items` cut into consecutive runs of at most `size` (size ≥ 1), in order. */
export function slices<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`slice size must be a positive integer: ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
