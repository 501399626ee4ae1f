/** One line describing an automation's event, for lists ("average of the last 5 loss > 2"). */
export function describeEvent(event: Record<string, unknown>): string {
  const metric = (event.metric ?? {}) as Record<string, unknown>;
  const cmp: Record<string, string> = { $gt: '>', $gte: '≥', $lt: '<', $lte: '≤', $eq: '=', $ne: '≠' };
  switch (event.type) {
    case 'RUN_METRIC_THRESHOLD':
      return metric.agg === null || metric.agg === undefined
        ? `${String(metric.name)} ${cmp[String(metric.cmp)] ?? ''} ${String(metric.threshold)}`
        : `${String(metric.agg).toLowerCase()} of the last ${String(metric.window)} ${String(metric.name)} ${cmp[String(metric.cmp)] ?? ''} ${String(metric.threshold)}`;
    case 'RUN_METRIC_CHANGE':
      return `${String(metric.name)} ${String(metric.direction).toLowerCase()} by ${String(metric.amount)} (${String(metric.change_type).toLowerCase()})`;
    case 'RUN_METRIC_ZSCORE':
      return `${String(metric.name)} z-score ≥ ${String(metric.threshold)} (${String(metric.direction).toLowerCase()})`;
    case 'RUN_STATE':
      return `run becomes ${Array.isArray(event.states) ? event.states.join(' or ') : ''}`;
    case 'ADD_ARTIFACT_ALIAS':
      return `alias matching ${String(event.alias_regex)} added`;
    case 'ADD_ARTIFACT_TAG':
    case 'REMOVE_ARTIFACT_TAG':
      return `tag matching ${String(event.tag_regex)} ${event.type === 'ADD_ARTIFACT_TAG' ? 'added' : 'removed'}`;
    default:
      return String(event.type ?? '');
  }
}

/** One line describing an automation's action. */
export function describeAction(action: Record<string, unknown>): string {
  switch (action.type) {
    case 'GENERIC_WEBHOOK':
      return 'Webhook';
    case 'NOTIFICATION':
      return 'Slack message';
    case 'NO_OP':
      return 'Record only';
    default:
      return String(action.type ?? '');
  }
}

/**
 * Which runs an automation's run filter lets through, in words ("all runs of the project,
 * new ones too"); undefined for events that watch no runs. `names` maps run ids to display names.
 */
export function describeRunFilter(
  event: Record<string, unknown>,
  scopeType: string,
  names: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  if (typeof event.type !== 'string' || !event.type.startsWith('RUN_')) return undefined;
  const every = scopeType === 'team' ? 'all runs of the team' : 'all runs of the project';
  const filter = event.run_filter as { $and?: Record<string, Record<string, unknown>>[] } | undefined;
  const clauses = filter?.$and ?? [];
  if (clauses.length === 0) return `${every}, new ones included`;
  const parts = clauses.map((clause) => {
    const ids = clause.run_id?.$in;
    if (Array.isArray(ids)) {
      const shown = ids.map((id) => names.get(String(id)) ?? String(id));
      const list =
        shown.length > 3 ? `${shown.slice(0, 3).join(', ')} and ${shown.length - 3} more` : shown.join(', ');
      return `only ${ids.length === 1 ? 'the run' : `the ${ids.length} runs`} ${list} (new runs never)`;
    }
    const regex = clause.display_name?.$regex;
    if (typeof regex === 'string') return `runs whose name matches ${regex}`;
    return JSON.stringify(clause);
  });
  return parts.join(' and ');
}
