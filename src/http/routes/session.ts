import type { FastifyInstance } from 'fastify';
import { bearerToken } from '../access/credentials.ts';

/**
 * How this request was let in, so that the page offers "Sign out" only to a person with a session cookie.
 * Access control has run before: with a token, a request that reaches here carried the bearer or the cookie.
 */
export function sessionRoutes(app: FastifyInstance, dashboardToken: string | undefined): void {
  app.get('/api/session', async (request) => {
    if (dashboardToken === undefined) return { authenticated: false, method: 'none' };
    return { authenticated: true, method: bearerToken(request.headers.authorization) === undefined ? 'cookie' : 'bearer' };
  });
}
