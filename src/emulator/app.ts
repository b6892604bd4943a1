/**
 * The fastify app that speaks Stripe's HTTP API. Every request runs the same steps in order: log it,
 * check the key, count it against the rate limit, maybe inject a fault, route, then hold the answer for
 * the latency, and maybe cut a list page off mid-body.
 * The emulator's own control routes (`/_emulator/…`) are neither limited nor slowed. The app never listens itself (see index.ts), so
 * tests can use `app.inject` without a port.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import qs from 'qs';
import { checkApiKey } from './auth.ts';
import { apiError, invalidRequest, rateLimited, StripeApiError, unrecognizedUrl } from './errors.ts';
import type { FaultInjector } from './faults.ts';
import type { NetworkConditions } from './network-conditions.ts';
import type { LoggedRequest, RequestLog } from './request-log.ts';
import { registerControlRoutes } from './routes/control.ts';
import { registerStripeRoutes } from './routes/index.ts';
import type { EmulatorState } from './state.ts';

export interface AppDeps {
  state: EmulatorState;
  secretKey: string;
  faults: FaultInjector;
  network: NetworkConditions;
  requestLog: RequestLog;
}

/** Stripe's SDK writes arrays with indexes (`expand[0]=…`); allow more than qs's default 20. */
const QS_OPTIONS = { arrayLimit: 100, depth: 5 } as const;

export function buildApp({ state, secretKey, faults, network, requestLog }: AppDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    routerOptions: { querystringParser: (query) => qs.parse(query, QS_OPTIONS) },
  });
  // Stripe's write endpoints take form bodies; parsing them now keeps POST routes a one-file addition.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, qs.parse(body as string, QS_OPTIONS));
  });

  const logged = new WeakMap<FastifyRequest, LoggedRequest>();
  const latencies = new WeakMap<FastifyRequest, number>();
  let requestCount = 0;

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? request.url;
    logged.set(request, requestLog.record(request.method, path, (request.query ?? {}) as Record<string, unknown>));
    requestCount += 1;
    reply.header('Request-Id', `req_${requestCount.toString(36).padStart(14, '0')}`);
    const authError = checkApiKey(request.headers.authorization, secretKey);
    if (authError) throw authError;
    if (path.startsWith('/_emulator/')) return;
    latencies.set(request, network.nextLatencyMs());
    if (!network.admit()) throw rateLimited();
    const fault = faults.next();
    if (fault) throw fault;
  });

  // The answer is computed at once and held back: a slow answer carries the state as of its arrival.
  app.addHook('onSend', async (request, reply, payload) => {
    const latency = latencies.get(request) ?? 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (reply.statusCode === 200 && isListPage(payload) && network.cutsNextPage()) return cutOff(payload);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const entry = logged.get(request);
    if (entry) entry.status = reply.statusCode;
  });

  app.setErrorHandler((error, _request, reply) => {
    const stripeError = toStripeError(error);
    return reply.code(stripeError.status).headers(stripeError.headers).send(stripeError.body);
  });

  app.setNotFoundHandler((request, reply) => {
    const error = unrecognizedUrl(request.method, request.url);
    return reply.code(error.status).send(error.body);
  });

  registerStripeRoutes(app, state);
  registerControlRoutes(app, { state, requestLog, network, faults });
  return app;
}

const isListPage = (payload: unknown): payload is string => typeof payload === 'string' && payload.startsWith('{"object":"list"');

/**
 * The first part of a page, then an error: fastify has sent the headers by then, so it resets the
 * connection, and the client sees the body end early, as when a connection drops mid-page.
 */
function cutOff(page: string): Readable {
  const body = Buffer.from(page);
  return new Readable({
    read() {
      this.push(body.subarray(0, Math.floor(body.length / 2)));
      this.destroy(new Error('connection reset mid-page (injected)'));
    },
  });
}

/** Our own errors pass through; fastify's 4xx (bad body, bad content type) become invalid requests; the rest hide behind api_error. */
function toStripeError(error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const clientError = invalidRequest((error as Error).message);
    return new StripeApiError(status, clientError.body);
  }
  return apiError(500);
}
