import type { AutomationEventType, DomainEventType } from '@bellwether/core';

/** The domain event each automation event type listens to. */
export const DOMAIN_EVENT_OF: Readonly<Record<AutomationEventType, DomainEventType>> = {
  RUN_METRIC_THRESHOLD: 'run_history',
  RUN_METRIC_CHANGE: 'run_history',
  RUN_METRIC_ZSCORE: 'run_history',
  RUN_STATE: 'run_state',
  CREATE_ARTIFACT: 'artifact_created',
  LINK_ARTIFACT: 'artifact_linked',
  UNLINK_ARTIFACT: 'artifact_unlinked',
  ADD_ARTIFACT_ALIAS: 'artifact_alias_added',
  ADD_ARTIFACT_TAG: 'artifact_tag_added',
  REMOVE_ARTIFACT_TAG: 'artifact_tag_removed',
};

const BY_DOMAIN = new Map<DomainEventType, AutomationEventType[]>();
for (const [automationType, domainType] of Object.entries(DOMAIN_EVENT_OF)) {
  const list = BY_DOMAIN.get(domainType) ?? [];
  list.push(automationType as AutomationEventType);
  BY_DOMAIN.set(domainType, list);
}

/** The automation event types a domain event can fire (storage uses it to look up candidates). */
export function automationEventTypesFor(domainType: DomainEventType): readonly AutomationEventType[] {
  return BY_DOMAIN.get(domainType) ?? [];
}
