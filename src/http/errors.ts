import type { FastifyError, FastifyInstance } from 'fastify';

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
  if (error.validation) return 'invalid_request';
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
