import { BellwetherError } from '@bellwether/core';
import { findUserByApiKeyHash, findUserBySessionHash, type User } from '@bellwether/storage';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { tokenHash } from './credentials.js';

/** The browser session cookie's name. */
export const SESSION_COOKIE = 'bw_session';

/** Resolves the caller from `Authorization: Bearer <api key>` or the session cookie; 401 otherwise. */
export function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let user: User | undefined;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) {
        throw new BellwetherError('unauthorized', 401, "Use 'Authorization: Bearer <api key>'.");
      }
      user = await findUserByApiKeyHash(deps.storage.db, tokenHash(match[1]));
      if (!user) throw new BellwetherError('unauthorized', 401, 'The API key is not valid.');
    } else {
      const session = getCookie(c, SESSION_COOKIE);
      if (session) user = await findUserBySessionHash(deps.storage.db, tokenHash(session), deps.clock());
      if (!user) {
        throw new BellwetherError('unauthorized', 401, 'Sign in, or send an API key as a Bearer token.');
      }
    }
    c.set('user', user);
    await next();
  };
}
