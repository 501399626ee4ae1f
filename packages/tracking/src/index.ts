export { type ArtifactLabelChange, changeArtifactLabel } from './artifact-label-write.js';
export { type ArtifactWriteContext, createVersion, type NewVersionInput } from './artifact-version-create.js';
export type { AccessRules, ClientApiHost, RegistryGrant, TeamGrant } from './client-api-host.js';
export { type HistoryResult, type HistoryRow, logHistory } from './log-history.js';
export { MAX_HISTORY_ROWS, parseHistoryBody } from './parse-history-body.js';
export { putRun, type RunPatch } from './put-run.js';
export { changeRegistryLabel } from './registry-label-write.js';
export {
  linkVersion,
  type RegistryWriteContext,
  registryPlace,
  unlinkVersion,
} from './registry-link-write.js';
export { authorOf, projectPlace, runSnapshot } from './run-snapshot.js';
export type { EventHook, TrackingDeps } from './tracking-deps.js';
export { type Emit, transact } from './transact.js';
