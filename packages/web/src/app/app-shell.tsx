import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router';
import { api } from '../api/api-client.js';
import type { Viewer } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { BellIcon } from '../components/bell-icon.js';
import { ViewerContext } from './viewer-context.js';

/** The team and project named by the current URL, if any. */
function useRouteScope(): { team?: string; project?: string } {
  const parts = useLocation()
    .pathname.split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  if (parts[0] === undefined || parts[0] === 'registries') return {};
  if (parts[1] === undefined || parts[1] === 'settings') return { team: parts[0] };
  return { team: parts[0], project: parts[1] };
}

/** The frame of every page: brand, team switcher, project tabs, settings and sign out. */
export function AppShell({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  const { team, project } = useRouteScope();
  const navigate = useNavigate();
  const client = useQueryClient();
  const currentTeam = team ?? viewer.teams[0]?.name;
  const logout = useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      client.clear();
      window.location.assign('/');
    },
  });
  const projects = useQuery({ ...queries.projects(currentTeam ?? ''), enabled: currentTeam !== undefined });
  const base = team && project ? `/${encodeURIComponent(team)}/${encodeURIComponent(project)}` : undefined;
  return (
    <ViewerContext.Provider value={viewer}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <BellIcon /> Bellwether
        </Link>
        <label className="inline">
          <span className="sr-only">Team</span>
          <select
            aria-label="Team"
            value={currentTeam ?? ''}
            onChange={(e) => navigate(`/${encodeURIComponent(e.target.value)}/settings`)}
          >
            {viewer.teams.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        {projects.data && projects.data.length > 0 ? (
          <label className="inline">
            <span className="sr-only">Project</span>
            <select
              aria-label="Project"
              value={project ?? ''}
              onChange={(e) =>
                navigate(`/${encodeURIComponent(currentTeam ?? '')}/${encodeURIComponent(e.target.value)}`)
              }
            >
              <option value="" disabled>
                Choose a project
              </option>
              {projects.data.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <nav aria-label="Sections" className="tabs">
          {base ? (
            <>
              <NavLink to={base} end>
                Workspace
              </NavLink>
              <NavLink to={`${base}/automations`}>Automations</NavLink>
              <NavLink to={`${base}/artifacts`}>Artifacts</NavLink>
            </>
          ) : null}
          {currentTeam ? (
            <NavLink to={`/${encodeURIComponent(currentTeam)}/settings`}>Team settings</NavLink>
          ) : null}
        </nav>
        <span className="spacer" />
        <span className="muted" title={viewer.email}>
          {viewer.display_name || viewer.username}
        </span>
        <button type="button" onClick={() => logout.mutate()}>
          Sign out
        </button>
      </header>
      <main id="main" className="page">
        {children}
      </main>
    </ViewerContext.Provider>
  );
}
