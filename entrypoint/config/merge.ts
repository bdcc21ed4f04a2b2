// Merge rules of the original (SPEC 3.2): mappings merge, lists append without duplicates, scalars replace.

type Mapping = Record<string, unknown>;

/** Deepest mapping level that may be merged: the top level and one nested level. */
const MAX_DEPTH = 2;

export class MergeDepthError extends Error {
  override name = 'MergeDepthError';
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A + B without repeats, first occurrences kept: the original's `list(dict.fromkeys(a + b))`, which also drops a
 * repeat inside A. Items are compared by their JSON form (Python compares by hash: there `1`, `1.0` and `true` are
 * one item, and a mapping item is an error).
 */
function appendUnique(a: unknown[], b: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of [...a, ...b]) {
    const key = JSON.stringify(item);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

/** Returns A with B merged into it; neither input is modified. */
export function mergeLayers(a: Mapping, b: Mapping, depth = 1): Mapping {
  const out: Mapping = { ...a };
  for (const [key, bValue] of Object.entries(b)) {
    const aValue = out[key];
    if (isMapping(aValue) && isMapping(bValue)) {
      if (depth >= MAX_DEPTH) {
        throw new MergeDepthError(`Merge config failed with max recursions ${depth + 1}>${MAX_DEPTH} at key "${key}"`);
      }
      out[key] = mergeLayers(aValue, bValue, depth + 1);
    } else if (Array.isArray(aValue) && Array.isArray(bValue)) {
      out[key] = appendUnique(aValue, bValue);
    } else {
      out[key] = bValue;
    }
  }
  return out;
}
