import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SECURITY_HEADERS } from './access/security-headers.ts';

/**
 * A request the client got wrong, found by our own checks: answered 400 with its message, which says which
 * parameter is wrong and why. Any other error a route throws is a 500 with a generic message.
 */
export class BadRequestError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * One error shape everywhere. Client errors say what was wrong; server errors are logged with the request
 * and answered with a generic message, since internal messages can carry connection strings or SQL.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      void reply.code(status).send(errorBody('internal_error', 'internal server error'));
      return;
    }
    void reply.code(status).send(errorBody(clientErrorCode(error), error.message));
  });
}

function clientErrorCode(error: FastifyError): string {
  if (error.validation || error instanceof BadRequestError) return 'invalid_request';
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'invalid_json';
    default:
      return 'bad_request';
  }
}

/**
 * What Fastify refuses before any route is found (a path that is not valid percent-encoding, a part of it
 * over the router's length limit), in the same shape; Fastify's own would answer in another. No hook runs
 * for these, so the headers every answer carries are set here.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
  const [status, code, message] =
    error.code === 'FST_ERR_BAD_URL'
      ? [400, 'bad_request', 'the path is not valid percent-encoding']
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? [414, 'uri_too_long', 'a part of the path is too long']
        : [500, 'internal_error', 'internal server error'];
  if (status >= 500) reply.log.error({ err: error }, 'request failed');
  void reply.code(status).send(errorBody(code, message));
}

/**
 * A request that never became one (its headers or body did not arrive in time, or were not HTTP): answered
 * in the same error shape, on the raw socket, which is then closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'the request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'the request headers are too large']
        : [400, 'bad_request', 'not a well-formed HTTP request'];
  const body = JSON.stringify(errorBody(code, message));
  // Once a response has begun on this socket, nothing more can be said on it.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (socket.writable && !answering) {
    const security = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n${security}Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
