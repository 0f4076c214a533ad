import type { Policy } from './policy.ts';

/**
 * A policy as the service stores it, one row per version: every default filled in (so a later
 * change of a default never changes a saved version's behaviour), without `version` (the row's
 * number is the version).
 */
export type StoredPolicy = Omit<Policy, 'version'>;

export function storedPolicy(policy: Policy): StoredPolicy {
  const stored: Partial<Policy> = { ...policy };
  delete stored.version;
  return stored as StoredPolicy;
}

/** What changed in one list (term lists, suffixes, domains): items added and removed. */
export interface ListChange {
  /** Where the list is, e.g. `bannedWords`, `links.allowDomains`. */
  path: string;
  added: unknown[];
  removed: unknown[];
}

/** A setting whose value changed, e.g. `classifier.holdAt` 0.5 → 0.6. */
export interface ValueChange {
  path: string;
  from: unknown;
  to: unknown;
}

export interface PolicyDiff {
  lists: ListChange[];
  changed: ValueChange[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Canonical JSON (sorted keys), so that `{a, b}` and `{b, a}` are the same list item. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * A readable difference between two policies (validated, defaults filled in): for every list,
 * the items added and removed (order does not count; a term whose options changed is removed
 * and added); for every other setting whose value differs, its path and both values. The
 * `version` field is not compared.
 */
export function diffPolicies(from: unknown, to: unknown): PolicyDiff {
  const diff: PolicyDiff = { lists: [], changed: [] };
  walk(from, to, '', diff);
  return diff;
}

function walk(a: unknown, b: unknown, path: string, diff: PolicyDiff): void {
  if (path === 'version') return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const keysA = new Map(a.map((item) => [canonical(item), item]));
    const keysB = new Map(b.map((item) => [canonical(item), item]));
    const added = [...keysB].filter(([k]) => !keysA.has(k)).map(([, v]) => v);
    const removed = [...keysA].filter(([k]) => !keysB.has(k)).map(([, v]) => v);
    if (added.length || removed.length) diff.lists.push({ path, added, removed });
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      walk(a[key], b[key], path ? `${path}.${key}` : key, diff);
    return;
  }
  if (canonical(a) !== canonical(b)) diff.changed.push({ path, from: a ?? null, to: b ?? null });
}
