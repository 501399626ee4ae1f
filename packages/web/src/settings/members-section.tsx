import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, apiPath } from '../api/api-client.js';
import type { TeamMember, TeamRole } from '../api/api-types.js';
import { MemberRolesTable } from '../components/member-roles-table.js';
import { Empty, ErrorBox, QueryView } from '../components/status-views.js';

const ROLES: readonly TeamRole[] = ['admin', 'member', 'viewer'];

/** The team's members and roles; admins add, change and remove them. */
export function MembersSection({ team, canManage }: { team: string; canManage: boolean }) {
  const client = useQueryClient();
  const members = useQuery({
    queryKey: ['members', team],
    queryFn: async () => (await api<{ members: TeamMember[] }>(apiPath`/teams/${team}/members`)).members,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['members', team] });
  const put = useMutation({
    mutationFn: (m: { username: string; role: TeamRole }) =>
      api<unknown>(apiPath`/teams/${team}/members/${m.username}`, { method: 'PUT', body: { role: m.role } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (username: string) =>
      api<void>(apiPath`/teams/${team}/members/${username}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const add = (e: FormEvent) => {
    e.preventDefault();
    put.mutate({ username, role }, { onSuccess: () => setUsername('') });
  };
  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <QueryView query={members} what="Loading members">
        {(list) =>
          list.length === 0 ? (
            <Empty>No members.</Empty>
          ) : (
            <MemberRolesTable
              heading="User"
              rows={list.map((m) => ({
                id: m.username,
                name: m.display_name,
                detail: m.username,
                role: m.role,
              }))}
              roles={ROLES}
              canManage={canManage}
              onRole={(username, role) => put.mutate({ username, role })}
              onRemove={(username) => remove.mutate(username)}
            />
          )
        }
      </QueryView>
      {canManage ? (
        <form className="row" onSubmit={add}>
          <input
            aria-label="Username to add"
            placeholder="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
          <select
            aria-label="Role for the new member"
            value={role}
            onChange={(e) => setRole(e.target.value as TeamRole)}
          >
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button type="submit">Add member</button>
        </form>
      ) : null}
      <ErrorBox error={put.error ?? remove.error} />
    </section>
  );
}
