import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, apiPath, listOf } from '../api/api-client.js';
import type { Secret } from '../api/api-types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { Empty, ErrorBox, formatTime, QueryView } from '../components/status-views.js';

/** Team secrets: create, rotate and delete; a value is typed in and never shown again. */
export function SecretsSection({ team }: { team: string }) {
  const client = useQueryClient();
  const secrets = useQuery({
    queryKey: ['secrets', team],
    queryFn: async () => listOf<Secret>(await api<unknown>(apiPath`/teams/${team}/secrets`)),
  });
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [rotating, setRotating] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['secrets', team] });
  const put = useMutation({
    mutationFn: (s: { name: string; value: string }) =>
      api<unknown>(apiPath`/teams/${team}/secrets/${s.name}`, { method: 'PUT', body: { value: s.value } }),
    onSuccess: () => {
      setName('');
      setValue('');
      setRotating(null);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (n: string) => api<void>(apiPath`/teams/${team}/secrets/${n}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    put.mutate({ name: rotating ?? name, value });
  };
  return (
    <section className="card" aria-labelledby="secrets-title">
      <h2 id="secrets-title">Secrets</h2>
      <QueryView query={secrets} what="Loading secrets">
        {(list) =>
          list.length === 0 ? (
            <Empty>No secrets. Webhooks use them as access tokens and signing keys.</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Updated</th>
                  <th scope="col">Used by</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.name}>
                    <td>
                      <code>{s.name}</code>
                    </td>
                    <td>{formatTime(s.updated_at)}</td>
                    <td>{s.used_by.map((u) => u.name).join(', ') || '—'}</td>
                    <td>
                      <button type="button" className="small" onClick={() => setRotating(s.name)}>
                        Rotate
                      </button>{' '}
                      <ConfirmButton label="Delete" what={s.name} onConfirm={() => remove.mutate(s.name)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      <form className="row" onSubmit={submit} aria-label={rotating ? `Rotate ${rotating}` : 'New secret'}>
        {rotating ? (
          <strong>New value for {rotating}</strong>
        ) : (
          <input
            name="secret-name"
            aria-label="Secret name"
            placeholder="NAME"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
        )}
        <input
          name="secret-value"
          type="password"
          autoComplete="off"
          aria-label="Secret value"
          placeholder="value (write-only)"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
        />
        <button type="submit" className="primary">
          {rotating ? 'Rotate' : 'Add secret'}
        </button>
        {rotating ? (
          <button type="button" onClick={() => setRotating(null)}>
            Cancel
          </button>
        ) : null}
      </form>
      <ErrorBox error={put.error ?? remove.error} />
    </section>
  );
}
