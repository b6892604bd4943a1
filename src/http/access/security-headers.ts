import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** Everything the pages load comes from this origin: no CDN, no inline script, nothing else to talk to. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // Same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on POSTs, which the
  // cross-site check must refuse.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Set on every answer before anything else can answer (access refusals, errors and 404s included). Our
 * own hook rather than @fastify/helmet's: plugin hooks load after the root's, so a refusal would go out
 * without them. CORS only for the origins CORS_ORIGINS lists.
 */
export function securityHeaders(app: FastifyInstance, corsOrigins: string[]): void {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
  if (corsOrigins.length > 0) {
    app.register(cors, { origin: corsOrigins, allowedHeaders: ['authorization', 'content-type'], methods: ['GET', 'HEAD', 'POST'] });
  }
}
