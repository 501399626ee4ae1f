import { createGuardedClient, createSsrfGuard } from '@bellwether/delivery';
import type { IntegrationDeps } from '../secrets/integration-deps.js';
import { createSecretBox, secretKeyFromText } from '../secrets/secret-box.js';

/** Options of {@link createTestIntegrations}. */
export interface TestIntegrationOptions {
  /** `BELLWETHER_OUTBOUND_ALLOW`; default loopback, so local receivers work. */
  allow?: string;
  timeoutMs?: number;
  slackApiUrl?: string;
  slackClientId?: string;
  slackClientSecret?: string;
}

/** Integration deps for tests: a fixed secret key, loopback allow-listed, short timeouts. */
export function createTestIntegrations(options: TestIntegrationOptions = {}): IntegrationDeps {
  const guard = createSsrfGuard({ allow: options.allow ?? '127.0.0.1/32,::1/128' });
  return {
    secretBox: createSecretBox(secretKeyFromText('bellwether test secret key')),
    guard,
    client: createGuardedClient({ guard, timeoutMs: options.timeoutMs ?? 2000 }),
    slack: {
      clientId: options.slackClientId,
      clientSecret: options.slackClientSecret,
      apiUrl: options.slackApiUrl ?? 'https://slack.com/api/',
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    },
  };
}
