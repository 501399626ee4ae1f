import { BellwetherError } from '@bellwether/core';
import type { GuardedClient, SsrfGuard } from '@bellwether/delivery';
import type { SecretBox } from './secret-box.js';

/** The Slack app Bellwether connects through OAuth, and where Slack's endpoints are. */
export interface SlackAppSettings {
  /** Unset: OAuth is off; bot tokens and incoming webhooks still work. */
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** The Web API base URL, ending in `/` (`https://slack.com/api/`). */
  readonly apiUrl: string;
  /** Where people approve the install (`https://slack.com/oauth/v2/authorize`). */
  readonly authorizeUrl: string;
}

/** What the secrets, webhook and Slack routes need beyond the storage. */
export interface IntegrationDeps {
  readonly secretBox: SecretBox;
  /** The SSRF guard every outbound request and saved URL is checked with. */
  readonly guard: SsrfGuard;
  /** The guarded client the webhook test endpoint and the OAuth exchange send through. */
  readonly client: GuardedClient;
  readonly slack: SlackAppSettings;
  /** The allow-list kept in the UI: the environment's part, and a reload after a change. */
  readonly outboundAllow?: { readonly envText: string; reload(): Promise<void> };
}

/** The integration dependencies, or a 503 when this process was started without them. */
export function requireIntegrations(integrations: IntegrationDeps | undefined): IntegrationDeps {
  if (!integrations) {
    throw new BellwetherError(
      'integrations_unavailable',
      503,
      'Secrets and integrations are not configured on this server.',
    );
  }
  return integrations;
}
