import { BellwetherError } from '@bellwether/core';
import type { MiddlewareHandler } from 'hono';

const NUL_IN_URL = /%00/i;

/**
 * Refuses NUL characters in the URL or a JSON body with 400. Postgres cannot store them in text,
 * so without this the same request would succeed on SQLite and fail with a 500 on Postgres.
 */
export const rejectNulCharacters: MiddlewareHandler = async (c, next) => {
  if (NUL_IN_URL.test(c.req.url)) {
    throw new BellwetherError(
      'nul_character',
      400,
      'The URL contains a NUL character (%00), which Bellwether does not accept.',
    );
  }
  const method = c.req.method;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    // JSON can carry NUL only as the escape \u0000; raw NUL bytes already make it malformed.
    const text = await c.req.text();
    if (text.includes('\\u0000')) {
      throw new BellwetherError(
        'nul_character',
        400,
        'The body contains a NUL character (\\u0000), which Bellwether does not accept.',
      );
    }
  }
  await next();
};
