import { z } from 'zod';

/** Unix seconds, as Stripe sends every timestamp. */
export const unixSeconds = z.number().int();

/** A field Stripe sends as an id, or as the object itself when expanded: the id either way. */
export const idOf = z.union([z.string(), z.looseObject({ id: z.string() }).transform((object) => object.id)]);

/** The first problem zod found, by path: says what was wrong without echoing any value the object held. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'unreadable';
  const path = issue.path.length === 0 ? '(object)' : issue.path.map(String).join('.');
  return `${path}: ${issue.message}`;
}
