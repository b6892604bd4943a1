/**
 * Checks `expand[]` against what a resource can expand. A list endpoint takes the same paths under
 * `data.` (`data.discounts`), a retrieve takes them bare (`discounts`); anything else is a 400, as at
 * Stripe, so a sync that asks for the wrong path fails loudly here instead of in production.
 */
import { invalidRequest } from './errors.ts';
import type { Expand } from './render.ts';

export function resolveExpand(requested: readonly string[], expandable: readonly string[], inList: boolean): Expand {
  const local = new Set<string>();
  for (const path of requested) {
    const relative = inList ? (path.startsWith('data.') ? path.slice('data.'.length) : null) : path;
    if (relative === null || !expandable.includes(relative)) {
      throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
    }
    local.add(relative);
  }
  return local;
}
