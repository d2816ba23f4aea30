// The part of Lambda's event filtering (EventBridge pattern syntax) that the platform's
// event-source mappings use: nested objects, lists of literal values, and `prefix`. A
// pattern using anything else is refused at start-up rather than matched wrongly.

type Pattern = { readonly [key: string]: Pattern | readonly Matcher[] };
type Matcher = string | number | boolean | null | { readonly prefix: string };

export class UnsupportedPatternError extends Error {
  override readonly name = 'UnsupportedPatternError';
}

function check(pattern: unknown, path: string): Pattern {
  if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern))
    throw new UnsupportedPatternError(`${path || 'pattern'}: expected an object`);
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (Array.isArray(value)) {
      for (const m of value as unknown[]) {
        const literal = m === null || ['string', 'number', 'boolean'].includes(typeof m);
        const prefix =
          typeof m === 'object' &&
          m !== null &&
          Object.keys(m).length === 1 &&
          typeof (m as { prefix?: unknown }).prefix === 'string';
        if (!literal && !prefix)
          throw new UnsupportedPatternError(`${at}: only literals and {prefix} are supported`);
      }
    } else check(value, at);
  }
  return pattern as Pattern;
}

/** Parses a filter's `Pattern` (a JSON string), refusing what the matcher cannot honour. */
export function parsePattern(json: string): Pattern {
  return check(JSON.parse(json) as unknown, '');
}

function matchesValue(matchers: readonly Matcher[], value: unknown): boolean {
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.some((v) =>
    matchers.some((m) =>
      m !== null && typeof m === 'object'
        ? typeof v === 'string' && v.startsWith(m.prefix)
        : v === m,
    ),
  );
}

/** Whether an event matches: every key of the pattern must match (absent keys never do). */
export function matches(pattern: Pattern, event: unknown): boolean {
  if (!event || typeof event !== 'object') return false;
  const obj = event as Record<string, unknown>;
  return Object.entries(pattern).every(([key, p]) => {
    if (!(key in obj)) return false;
    return Array.isArray(p) ? matchesValue(p, obj[key]) : matches(p as Pattern, obj[key]);
  });
}
