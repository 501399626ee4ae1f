import { createContext, useContext } from 'react';
import type { Viewer } from '../api/api-types.js';
import { canManageTeam } from '../api/queries.js';

/** The signed-in user, provided by the app shell. */
export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in user (the shell renders only once it is known). */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside the app shell');
  return viewer;
}

/** The viewer's role in a team, and whether it may create, edit and delete there. */
export function useTeamRole(team: string | undefined): { role: string | null; canManage: boolean } {
  const viewer = useViewer();
  const role = viewer.teams.find((t) => t.name === team)?.role ?? null;
  return { role, canManage: canManageTeam(role, viewer.is_admin) };
}
