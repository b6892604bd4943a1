import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hostOfHostHeader, isLoopbackHost } from '../../config/loopback.ts';
import { errorBody } from '../errors.ts';
import { bearerToken, cookieValue, SESSION_COOKIE, sessionIsValid, tokenMatches } from './credentials.ts';

export interface AccessSettings {
  /** Absent: no login, and only requests to a loopback Host name are served. */
  dashboardToken: string | undefined;
  corsOrigins: string[];
}

/** Open to all: Stripe signs what it sends to the webhook, and health checks carry no credentials. */
const OPEN_PATHS = new Set(['/health', '/ready', '/webhooks/stripe']);
/** What a person who is not logged in needs to log in. */
const LOGIN_PATHS = new Set(['/login', '/login.css']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who may ask what, checked before anything else runs. With a token: a bearer header or a session cookie,
 * and cookie-borne changes only from this origin. Without one: only loopback Host names (a page on another
 * site can point its own name at 127.0.0.1), and changes only as JSON, which a cross-site form cannot send.
 */
export function accessControl(app: FastifyInstance, settings: AccessSettings, now: () => number): void {
  const { dashboardToken: token, corsOrigins } = settings;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (OPEN_PATHS.has(path)) return;
    if (token === undefined) {
      if (!isLoopbackHost(hostOfHostHeader(request.headers.host ?? ''))) {
        return refuse(reply, 403, 'forbidden_host', 'This service answers only to localhost names; set DASHBOARD_TOKEN to serve it under another name.');
      }
      if (SAFE_METHODS.has(request.method)) return;
      if (!isJson(request) || !originAllowed(request, corsOrigins, false)) {
        return refuse(reply, 403, 'cross_site_refused', 'Changes are taken only as JSON (Content-Type: application/json) from this origin.');
      }
      return;
    }
    if (LOGIN_PATHS.has(path) || (request.method === 'OPTIONS' && corsOrigins.length > 0)) return;
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined && tokenMatches(bearer, token)) return;
    const session = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (bearer !== undefined || session === undefined || !sessionIsValid(session, token, now())) return unauthenticated(request, reply, path);
    if (!SAFE_METHODS.has(request.method) && !originAllowed(request, corsOrigins, true)) {
      return refuse(reply, 403, 'cross_site_refused', 'This change was asked from another site; it is taken only from this origin.');
    }
  });
}

function unauthenticated(request: FastifyRequest, reply: FastifyReply, path: string) {
  // The page and its files send a person to the login form; the API (MCP's too) tells a script what is missing.
  const isPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/metrics' && path !== '/mcp';
  if (isPage) return reply.redirect('/login', 303);
  reply.header('www-authenticate', 'Bearer');
  return refuse(reply, 401, 'unauthorized', 'Log in at /login, or send Authorization: Bearer <DASHBOARD_TOKEN>.');
}

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send(errorBody(code, message));
}

function isJson(request: FastifyRequest): boolean {
  return /^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '');
}

/** The request's Origin (or its Referer's) is this service's own or a listed one; `required`: it must be sent. */
function originAllowed(request: FastifyRequest, corsOrigins: string[], required: boolean): boolean {
  const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
  if (origin === undefined) return !required;
  return origin === `${request.protocol}://${request.host}` || corsOrigins.includes(origin);
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  return URL.canParse(referer) ? new URL(referer).origin : 'null';
}
