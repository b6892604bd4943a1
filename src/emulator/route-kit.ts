/**
 * The two shapes every read endpoint takes: a paginated list and a retrieve by id. Resources declare
 * where their objects come from and how they render; this file holds the Stripe semantics they share.
 */
import type { FastifyInstance } from 'fastify';
import type { ListSource } from './collection.ts';
import { resourceMissing } from './errors.ts';
import { resolveExpand } from './expand.ts';
import { parseListParams, parseStringArray, unknownParameter, type ListParamsSpec, type Query } from './list-params.ts';
import { paginate } from './paginate.ts';
import type { Expand } from './render.ts';
import type { EmulatorState } from './state.ts';

export interface RequestContext {
  state: EmulatorState;
  query: Query;
  params: Record<string, string>;
}

export interface ListRoute<T extends { id: string; created?: number }> {
  path: string;
  objectName: string;
  params: ListParamsSpec;
  expandable: readonly string[];
  /** Objects in listing order; may throw (e.g. a required parameter is missing). */
  source(ctx: RequestContext): ListSource<T>;
  /** Built once per request from the endpoint's own parameters. */
  filter?(ctx: RequestContext): (obj: T) => boolean;
  url?(ctx: RequestContext): string;
  render(state: EmulatorState, obj: T, expand: Expand): unknown;
}

export interface RetrieveRoute<T> {
  path: string;
  objectName: string;
  expandable: readonly string[];
  find(state: EmulatorState, id: string): T | undefined;
  render(state: EmulatorState, obj: T, expand: Expand): unknown;
}

function context(state: EmulatorState, request: { query: unknown; params: unknown }): RequestContext {
  return {
    state,
    query: (request.query ?? {}) as Query,
    params: (request.params ?? {}) as Record<string, string>,
  };
}

export function registerList<T extends { id: string; created?: number }>(
  app: FastifyInstance,
  state: EmulatorState,
  route: ListRoute<T>,
): void {
  app.get(route.path, async (request) => {
    const ctx = context(state, request);
    const params = parseListParams(ctx.query, route.params);
    const expand = resolveExpand(params.expand, route.expandable, true);
    const filter = route.filter?.(ctx) ?? (() => true);
    const created = params.created;
    const matches = created ? (obj: T) => created(obj.created ?? 0) && filter(obj) : filter;
    const page = paginate({
      source: route.source(ctx),
      params,
      matches,
      url: route.url?.(ctx) ?? route.path,
      objectName: route.objectName,
    });
    return { ...page, data: page.data.map((obj) => route.render(state, obj, expand)) };
  });
}

export function registerRetrieve<T>(app: FastifyInstance, state: EmulatorState, route: RetrieveRoute<T>): void {
  app.get(route.path, async (request) => {
    const ctx = context(state, request);
    const id = ctx.params.id ?? '';
    for (const key of Object.keys(ctx.query)) {
      if (key !== 'expand') throw unknownParameter(key);
    }
    const expand = resolveExpand(parseStringArray(ctx.query.expand, 'expand'), route.expandable, false);
    const obj = route.find(state, id);
    if (obj === undefined) throw resourceMissing(route.objectName, id);
    return route.render(state, obj, expand);
  });
}
