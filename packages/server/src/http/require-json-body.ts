import { BellwetherError } from '@bellwether/core';
import type { MiddlewareHandler } from 'hono';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/**
 * Refuses a body that is not JSON with 415 before validation, so a form post or a missing
 * Content-Type gets a clear answer instead of a list of missing fields.
 */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const length = c.req.header('content-length');
    const hasBody =
      (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    const type = c.req.header('content-type') ?? '';
    if (hasBody && !JSON_TYPE.test(type)) {
      throw new BellwetherError(
        'unsupported_media_type',
        415,
        "Send the body as JSON with 'Content-Type: application/json'.",
      );
    }
  }
  await next();
};
