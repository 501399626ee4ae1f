import type { EventPlace, RunSnapshot } from '@bellwether/core';
import type { Project, Run, Team, User } from '@bellwether/storage';

/** The run fields that filters and payload variables read. */
export function runSnapshot(run: Run): RunSnapshot {
  return {
    id: run.id,
    teamId: run.teamId,
    projectId: run.projectId,
    runId: run.runId,
    displayName: run.displayName,
    userId: run.userId,
    username: run.username,
    state: run.state,
    config: run.config,
    tags: run.tags,
  };
}

/** Where a project event happened. */
export function projectPlace(team: Team, project: Project): EventPlace {
  return {
    teamId: team.id,
    teamName: team.name,
    projectId: project.id,
    projectName: project.name,
    registryId: null,
    registryName: null,
  };
}

/** The author fields of an event written by this user. */
export function authorOf(user: User, at: number) {
  return { author: user.username, authorId: user.id, at };
}
