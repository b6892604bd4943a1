import { z } from 'zod';
import { withoutNul } from '../metrics/shapes/without-nul.ts';

/**
 * A text parameter compared with stored text: NUL characters become U+FFFD, as they did when the text was
 * stored (PostgreSQL can't hold NUL), so such a value is looked up rather than failing the query.
 */
export function storedText(lengthMessage: string, { min, max }: { min: number; max: number }) {
  return z.string().min(min, lengthMessage).max(max, lengthMessage).transform((text) => withoutNul(text));
}
