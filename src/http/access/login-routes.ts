import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_BODY_BYTES } from '../body-limit.ts';
import { SESSION_COOKIE, SESSION_SECONDS, sessionCookieValue, tokenMatches } from './credentials.ts';
import { loginAttempts } from './login-attempts.ts';
import { loginPage } from './login-page.ts';

/**
 * GET /login shows the form; POST /login checks the token and sets the session cookie; POST /logout ends it.
 * Failed logins are counted per client address (behind TRUST_PROXY, the forwarded one).
 */
export function loginRoutes(app: FastifyInstance, token: string, now: () => number): void {
  const attempts = loginAttempts(now);
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    scope.get('/login', (_request, reply) => page(reply, 200));

    scope.post('/login', (request, reply) => {
      const wait = attempts.waitSeconds(request.ip);
      if (wait > 0) return page(reply.header('retry-after', String(wait)), 429, `Too many wrong tokens: try again in ${wait} s.`);
      const given = (request.body as Record<string, unknown> | undefined)?.token;
      if (typeof given !== 'string' || !tokenMatches(given, token)) {
        attempts.failed(request.ip);
        return page(reply, 401, 'That is not the dashboard token.');
      }
      attempts.succeeded(request.ip);
      setSessionCookie(request, reply, sessionCookieValue(token, now()), SESSION_SECONDS);
      return reply.redirect('/', 303);
    });

    scope.post('/logout', (request, reply) => {
      setSessionCookie(request, reply, '', 0);
      return reply.redirect('/login', 303);
    });
  });
}

function page(reply: FastifyReply, status: number, message?: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(loginPage(message));
}

/** HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Secure over TLS. */
function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
}
