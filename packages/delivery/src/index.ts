export {
  type AttemptOutcome,
  type AttemptResult,
  attemptFromSendResult,
  classifySendResult,
  classifyStatus,
} from './attempt-result.js';
export {
  attemptFromSlackError,
  createSlackChannel,
  DEFAULT_SLACK_API_URL,
  type SlackChannel,
  type SlackChannelOptions,
  type SlackTarget,
} from './channels/slack-channel.js';
export {
  buildSlackMessage,
  escapeSlackText,
  SEVERITY_COLORS,
  type SlackAttachment,
  type SlackBlock,
  type SlackMessage,
  type SlackMessageInput,
  type SlackSeverity,
  summarizeEvent,
} from './channels/slack-message.js';
export {
  sendWebhook,
  WEBHOOK_USER_AGENT,
  type WebhookAttemptResult,
  type WebhookSendInput,
  webhookRequestHeaders,
} from './channels/webhook-channel.js';
export {
  BODY_PREVIEW_BYTES,
  createGuardedClient,
  createGuardedConnector,
  type GuardedClient,
  type GuardedClientOptions,
  type SendError,
  type SendErrorClass,
  type SendRequest,
  type SendResponse,
  type SendResult,
} from './guarded-client.js';
export { createGuardedFetch, type GuardedFetch } from './guarded-fetch.js';
export { createGuardedNodeAgent, GuardedHttpAgent, GuardedHttpsAgent } from './guarded-node-agent.js';
export { classifyIp, type IpClassification, type RefusedRange } from './ip-range-classifier.js';
export {
  allowsAddress,
  allowsHost,
  EMPTY_ALLOW_LIST,
  type OutboundAllowList,
  parseOutboundAllowList,
} from './outbound-allow-list.js';
export { parseRetryAfter } from './retry-after.js';
export {
  createRetrySchedule,
  DEFAULT_RETRY_DELAYS_MS,
  type RetryDecision,
  type RetrySchedule,
  type RetryScheduleOptions,
} from './retry-schedule.js';
export { createRedactor, REDACTED, type Redactor, secretForms } from './secret-redactor.js';
export {
  createSsrfGuard,
  type HostResolver,
  OutboundRefusedError,
  type SsrfGuard,
  type SsrfGuardOptions,
} from './ssrf-guard.js';
export {
  type SignInput,
  STANDARD_WEBHOOKS_SECRET_PREFIX,
  type StandardWebhookHeaders,
  signStandardWebhook,
  standardWebhookKey,
} from './standard-webhooks-signer.js';
export {
  createFakeSlackServer,
  type FakeOAuthGrant,
  type FakeSlackChannel,
  type FakeSlackMessage,
  type FakeSlackServer,
  type FakeSlackServerOptions,
} from './testing/fake-slack-server.js';
export {
  type LocalHandler,
  type LocalHttpServer,
  type ReceivedRequest,
  startLocalHttpServer,
} from './testing/local-http-server.js';
export {
  type ClientThreadOptions,
  createThreadedGuardedClient,
  type ThreadedGuardedClient,
} from './threaded-guarded-client.js';
