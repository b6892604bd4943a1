import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

const GIVEN_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Each request's id: the `X-Request-Id` a proxy or client sent, when it is a plain token, else a new UUID.
 * Fastify puts it on the request's log lines (`reqId`); the answer carries it back, to find those lines.
 */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
}

export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
}
