import { BellwetherError } from '@bellwether/core';
import type { Context } from 'hono';

/** Reads a JSON body for a route that validates by hand; malformed JSON is a 400. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BellwetherError(
      'malformed_json',
      400,
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}
