import { invalid } from '@bellwether/core';
import { allowsAddress, allowsHost, type SsrfGuard } from '@bellwether/delivery';

/**
 * Checks a URL Bellwether will send to, when it is saved: `https`, or `http` only to an
 * allow-listed host; an IP literal the SSRF guard refuses (loopback, private, link-local,
 * metadata) and `localhost` are refused now rather than at every send. Other host names are
 * checked after DNS resolution at send time, where the attempt records the refusal.
 */
/** Where a refused destination can be allowed, said once. */
const HOW_TO_ALLOW =
  'an organization admin can allow it under Settings › Outbound allow-list (or BELLWETHER_OUTBOUND_ALLOW at start)';

export function checkOutboundUrl(text: string, guard: SsrfGuard, path: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(path, 'must be an absolute URL (https://…)');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = allowsHost(guard.allowList, host) || allowsAddress(guard.allowList, host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) {
    throw invalid(path, `must use https; http only to an allowed host: ${HOW_TO_ALLOW}`);
  }
  if (url.username || url.password) throw invalid(path, 'must not contain a user name or password');
  const refusal = guard.checkHost(host);
  if (refusal) {
    throw invalid(
      path,
      `${refusal.message.replace(/ \(allow it with BELLWETHER_OUTBOUND_ALLOW\)$/, '')}; ${HOW_TO_ALLOW}`,
    );
  }
  if ((host === 'localhost' || host.endsWith('.localhost')) && !allowed) {
    throw invalid(path, `refused: ${host} is a loopback name; ${HOW_TO_ALLOW}`);
  }
  return url;
}
