const NUL = /\u0000/g;

/**
 * The value with every NUL character in its strings and keys replaced by U+FFFD: PostgreSQL's text and
 * jsonb can't hold one, yet Stripe may send one (in a customer's name, say). Values without one are
 * returned as they are, so the common case costs a walk and no copy.
 */
export function withoutNul<T>(value: T): T {
  return replaced(value) as T;
}

function replaced(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replace(NUL, '\uFFFD') : value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = replaced(item);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = replaced(item);
      const cleanKey = replaced(key) as string;
      if (next === item && cleanKey === key) continue;
      copy ??= { ...(value as Record<string, unknown>) };
      if (cleanKey !== key) delete copy[key];
      copy[cleanKey] = next;
    }
    return copy ?? value;
  }
  return value;
}
