/**
 * Stripe's error responses: `{ error: { type, message, code?, param? } }` with the HTTP status the
 * SDK maps to its error classes. Handlers throw these; the app's error handler sends them.
 */

export interface StripeErrorBody {
  error: {
    type: 'invalid_request_error' | 'api_error';
    message: string;
    code?: string;
    param?: string;
    doc_url?: string;
  };
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error.message);
  }
}

export function invalidRequest(message: string, param?: string): StripeApiError {
  return new StripeApiError(400, {
    error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) },
  });
}

export function resourceMissing(objectName: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, {
    error: {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${objectName}: '${id}'`,
      param,
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    },
  });
}

export function unrecognizedUrl(method: string, url: string): StripeApiError {
  return new StripeApiError(404, {
    error: {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${url}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    },
  });
}

export function rateLimited(headers: Record<string, string> = {}): StripeApiError {
  return new StripeApiError(
    429,
    {
      error: {
        type: 'invalid_request_error',
        code: 'rate_limit',
        message:
          'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
        doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
      },
    },
    headers,
  );
}

export function apiError(status = 500): StripeApiError {
  return new StripeApiError(status, {
    error: {
      type: 'api_error',
      message:
        "Sorry, something went wrong. We've already been notified of the problem, but if you need any help, you can reach us at https://support.stripe.com/contact.",
    },
  });
}
