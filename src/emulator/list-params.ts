/**
 * Parses and checks the parameters every Stripe list endpoint shares (`limit`, the two cursors,
 * `created`, `expand`), rejecting anything else the endpoint did not declare, as Stripe does.
 */
import { invalidRequest, type StripeApiError } from './errors.ts';

export type Query = Record<string, unknown>;

export interface ListParams {
  limit: number;
  startingAfter: string | null;
  endingBefore: string | null;
  created: ((created: number) => boolean) | null;
  expand: string[];
}

export interface ListParamsSpec {
  /** Endpoint-specific parameters (e.g. `customer`, `status`). */
  extra: readonly string[];
  /** Subscription items and invoice lines have no `created` filter. */
  created: boolean;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const CREATED_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const;

export function parseListParams(query: Query, spec: ListParamsSpec): ListParams {
  const known = new Set(['limit', 'starting_after', 'ending_before', 'expand', ...spec.extra]);
  if (spec.created) known.add('created');
  for (const key of Object.keys(query)) {
    if (!known.has(key)) throw unknownParameter(key);
  }
  const startingAfter = optionalString(query, 'starting_after');
  const endingBefore = optionalString(query, 'ending_before');
  if (startingAfter && endingBefore) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  }
  return {
    limit: parseLimit(query.limit),
    startingAfter,
    endingBefore,
    created: spec.created ? parseCreated(query.created) : null,
    expand: parseStringArray(query.expand, 'expand'),
  };
}

export function unknownParameter(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, param);
}

export function optionalString(query: Query, name: string): string | null {
  const value = query[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, name);
  return value;
}

function parseInteger(raw: unknown, param: string): number {
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) {
    throw invalidRequest(`Invalid integer: ${typeof raw === 'string' ? raw : JSON.stringify(raw)}`, param);
  }
  return Number(raw);
}

function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  const limit = parseInteger(raw, 'limit');
  if (limit < 1) throw invalidRequest('This value must be greater than or equal to 1.', 'limit');
  if (limit > MAX_LIMIT) throw invalidRequest(`This value must be less than or equal to ${MAX_LIMIT}.`, 'limit');
  return limit;
}

/** `created=<ts>` means exactly that second; `created[gte]=…` and friends combine with AND. */
function parseCreated(raw: unknown): ((created: number) => boolean) | null {
  if (raw === undefined) return null;
  if (typeof raw === 'string') {
    const exact = parseInteger(raw, 'created');
    return (created) => created === exact;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidRequest('Invalid created: must be an integer or a hash of gt, gte, lt, lte.', 'created');
  }
  const bounds: Array<(created: number) => boolean> = [];
  for (const [op, value] of Object.entries(raw)) {
    const param = `created[${op}]`;
    if (!(CREATED_OPERATORS as readonly string[]).includes(op)) throw unknownParameter(param);
    const bound = parseInteger(value, param);
    if (op === 'gt') bounds.push((c) => c > bound);
    if (op === 'gte') bounds.push((c) => c >= bound);
    if (op === 'lt') bounds.push((c) => c < bound);
    if (op === 'lte') bounds.push((c) => c <= bound);
  }
  return (created) => bounds.every((inBounds) => inBounds(created));
}

/**
 * The SDK sends arrays as `expand[0]=…`; curl users write `expand[]=…`; qs turns big indexes into an
 * object. All of them mean a list of strings.
 */
export function parseStringArray(raw: unknown, param: string): string[] {
  if (raw === undefined) return [];
  const values = typeof raw === 'string' ? [raw] : typeof raw === 'object' && raw !== null ? Object.values(raw) : null;
  if (!values || values.some((v) => typeof v !== 'string')) throw invalidRequest('Invalid array', param);
  return values as string[];
}
