import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, apiPath } from '../api/api-client.js';
import type { RegistryRole } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { MemberRolesTable } from '../components/member-roles-table.js';
import { Empty, ErrorBox, QueryView } from '../components/status-views.js';

const ROLES: readonly RegistryRole[] = ['admin', 'member', 'viewer', 'restricted_viewer'];

/** A registry's users and teams with their roles; registry admins add, change and remove them. */
export function RegistryMembersSection({ registry, canManage }: { registry: string; canManage: boolean }) {
  const client = useQueryClient();
  const { queryKey: key } = queries.registryMembers(registry);
  const members = useQuery(queries.registryMembers(registry));
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const put = useMutation({
    mutationFn: (m: { member: string; role: RegistryRole }) =>
      api<unknown>(apiPath`/registries/${registry}/members/${m.member}`, {
        method: 'PUT',
        body: { role: m.role },
      }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (member: string) =>
      api<void>(apiPath`/registries/${registry}/members/${member}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const [kind, setKind] = useState<'user' | 'team'>('user');
  const [name, setName] = useState('');
  const [role, setRole] = useState<RegistryRole>('member');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const member = kind === 'team' ? `team:${name.trim()}` : name.trim();
    put.mutate({ member, role }, { onSuccess: () => setName('') });
  };
  return (
    <section className="card" aria-labelledby="registry-members-title">
      <h2 id="registry-members-title">Members</h2>
      <QueryView query={members} what="Loading members">
        {(list) =>
          list.length === 0 ? (
            <Empty>No members.</Empty>
          ) : (
            <div className="table-scroll">
              <MemberRolesTable
                className="registry-members"
                heading="Member"
                rows={list.map((m) => ({ id: m.member, name: m.name, detail: m.kind, role: m.role }))}
                roles={ROLES}
                canManage={canManage}
                rolePending={put.isPending}
                removePending={remove.isPending}
                onRole={(member, role) => put.mutate({ member, role })}
                onRemove={(member) => remove.mutate(member)}
              />
            </div>
          )
        }
      </QueryView>
      {canManage ? (
        <form className="row" onSubmit={add}>
          <select
            aria-label="Member kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as 'user' | 'team')}
          >
            <option value="user">user</option>
            <option value="team">team</option>
          </select>
          <input
            aria-label={kind === 'team' ? 'Team name to add' : 'Username to add'}
            placeholder={kind === 'team' ? 'team name' : 'username'}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
          <select
            aria-label="Role for the new member"
            value={role}
            onChange={(e) => setRole(e.target.value as RegistryRole)}
          >
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button type="submit" disabled={put.isPending}>
            Add member
          </button>
        </form>
      ) : null}
      <ErrorBox error={put.error ?? remove.error} />
    </section>
  );
}
