/** GET /v1/events and /v1/events/:id. `type` accepts Stripe's trailing wildcard (`customer.*`). */
import type { FastifyInstance } from 'fastify';
import type { StripeEvent } from '../../metrics/stripe-shapes.ts';
import { invalidRequest } from '../errors.ts';
import { optionalString, parseStringArray } from '../list-params.ts';
import { registerList, registerRetrieve } from '../route-kit.ts';
import type { EmulatorState } from '../state.ts';

const MAX_TYPES = 20;

function typeMatcher(pattern: string): (type: string) => boolean {
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return (type) => type.startsWith(prefix);
  }
  return (type) => type === pattern;
}

export function registerEventRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerList<StripeEvent>(app, state, {
    path: '/v1/events',
    objectName: 'event',
    params: { extra: ['type', 'types'], created: true },
    expandable: [],
    source: (ctx) => ctx.state.collection('event').newestFirst(),
    filter: ({ query }) => {
      const type = optionalString(query, 'type');
      const types = parseStringArray(query.types, 'types');
      if (type !== null && types.length > 0) {
        throw invalidRequest('You may only specify one of these parameters: type, types.', 'types');
      }
      if (types.length > MAX_TYPES) throw invalidRequest(`You may specify at most ${MAX_TYPES} types.`, 'types');
      if (type !== null) return (event) => typeMatcher(type)(event.type);
      if (types.length > 0) return (event) => types.includes(event.type);
      return () => true;
    },
    render: (_s, event) => event,
  });
  registerRetrieve<StripeEvent>(app, state, {
    path: '/v1/events/:id',
    objectName: 'event',
    expandable: [],
    find: (s, id) => s.get('event', id),
    render: (_s, event) => event,
  });
}
