import { ConfirmButton } from './confirm-button.js';

/** One member row: its id in the API, what is shown for it, and its role. */
export interface MemberRow<R extends string> {
  id: string;
  name: string;
  detail: string;
  role: R;
}

/**
 * The members of a team or registry with their roles: a role select and a Remove (with
 * confirmation) per row for those who manage them, plain text for everyone else.
 */
export function MemberRolesTable<R extends string>(props: {
  rows: readonly MemberRow<R>[];
  roles: readonly R[];
  /** The first column's heading. */
  heading: string;
  canManage: boolean;
  /** While a role change is being saved: the selects are disabled. */
  rolePending?: boolean;
  /** While a removal is being saved: the Remove buttons are disabled. */
  removePending?: boolean;
  className?: string;
  onRole(id: string, role: R): void;
  onRemove(id: string): void;
}) {
  const { rows, roles, canManage } = props;
  return (
    <table className={props.className}>
      <thead>
        <tr>
          <th scope="col">{props.heading}</th>
          <th scope="col">Role</th>
          {canManage ? <th scope="col">Remove</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id} data-member={m.id}>
            <td>
              {m.name} <span className="muted">{m.detail}</span>
            </td>
            <td>
              {canManage ? (
                <select
                  aria-label={`Role of ${m.id}`}
                  value={m.role}
                  disabled={props.rolePending ?? false}
                  onChange={(e) => props.onRole(m.id, e.target.value as R)}
                >
                  {roles.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              ) : (
                m.role
              )}
            </td>
            {canManage ? (
              <td>
                <ConfirmButton
                  label="Remove"
                  what={m.id}
                  disabled={props.removePending ?? false}
                  onConfirm={() => props.onRemove(m.id)}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
