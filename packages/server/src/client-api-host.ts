import { findUserByApiKeyHash } from '@bellwether/storage';
import type { ClientApiHost } from '@bellwether/tracking';
import type { AppDeps } from './app-deps.js';
import { tokenHash } from './auth/credentials.js';
import { requireProjectRole } from './auth/project-access.js';
import { requireRegistryRole } from './auth/registry-access.js';
import { requireTeamRole } from './auth/team-access.js';

/**
 * What the client-compatible APIs get from this server: its tracking writes (with the trigger
 * hook, so their writes fire automations), its role checks and its API keys.
 */
export function clientApiHost(deps: AppDeps): ClientApiHost {
  return {
    tracking: deps,
    access: { requireTeamRole, requireProjectRole, requireRegistryRole },
    userByApiKey: (apiKey) => findUserByApiKeyHash(deps.storage.db, tokenHash(apiKey)),
    logger: deps.logger,
    dataDir: deps.options.dataDir,
    publicUrl: deps.options.publicUrl.replace(/\/+$/, ''),
  };
}
