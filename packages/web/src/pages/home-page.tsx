import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiPath } from '../api/api-client.js';
import { queries } from '../api/queries.js';
import { useViewer } from '../app/viewer-context.js';
import { CreateForm } from '../components/create-form.js';
import { Empty, ErrorBox, formatTime, QueryView } from '../components/status-views.js';

/** The start page: every team's projects, and the registries the viewer can see. */
export function HomePage() {
  const viewer = useViewer();
  const projectLists = useQueries({ queries: viewer.teams.map((t) => queries.projects(t.name)) });
  const registries = useQuery(queries.registries());
  return (
    <>
      <h1>Projects</h1>
      {viewer.teams.length === 0 ? (
        <Empty>You are not in any team yet. Ask an admin to add you.</Empty>
      ) : null}
      {viewer.teams.map((team, i) => {
        const list = projectLists[i];
        return (
          <section key={team.name} className="card">
            <h2>
              {team.name} <span className="muted">({team.role ?? 'site admin'})</span>{' '}
              <Link to={`/${encodeURIComponent(team.name)}/settings`} className="small">
                Team settings
              </Link>
            </h2>
            {list?.error ? <ErrorBox error={list.error} /> : null}
            {list?.data?.length === 0 ? (
              <Empty>No projects yet: create one here, or log a run with the SDK or CLI.</Empty>
            ) : null}
            <ul className="link-list">
              {list?.data?.map((p) => (
                <li key={p.id}>
                  <Link to={`/${encodeURIComponent(team.name)}/${encodeURIComponent(p.name)}`}>{p.name}</Link>{' '}
                  <span className="muted">{p.description || `updated ${formatTime(p.updated_at)}`}</span>
                </li>
              ))}
            </ul>
            {/* Team members and admins create projects (the API's rule); viewers do not see the form. */}
            {team.role === 'admin' || team.role === 'member' || viewer.is_admin ? (
              <CreateForm
                what="project"
                path={apiPath`/teams/${team.name}/projects`}
                invalidate={['projects', team.name]}
              />
            ) : null}
          </section>
        );
      })}
      <h2>Registries</h2>
      <QueryView query={registries} what="Loading registries">
        {(list) =>
          list.length === 0 ? (
            <Empty>
              No registries you can see.
              {viewer.is_admin ? '' : ' Organization admins create registries.'}
            </Empty>
          ) : (
            <ul className="link-list">
              {list.map((r) => (
                <li key={r.id}>
                  <Link to={`/registries/${encodeURIComponent(r.name)}`}>{r.name}</Link>{' '}
                  <span className="muted">{r.description}</span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {viewer.is_admin ? <CreateForm what="registry" path="/registries" invalidate={['registries']} /> : null}
    </>
  );
}
