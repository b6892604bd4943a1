import type { z } from 'zod';
import { BadRequestError } from './errors.ts';

/** The query (or route parameters), or a 400 that says which parameter is wrong. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new BadRequestError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
