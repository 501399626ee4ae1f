import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api/api-client.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { ErrorBox, formatTime, QueryView } from '../components/status-views.js';

interface AllowList {
  env: string[];
  entries: { entry: string; created_by: string; created_at: number }[];
  audit: { entry: string; action: 'add' | 'remove'; username: string; at: number }[];
}

/**
 * The organization's outbound allow-list (organization admins): hosts, `*.suffix`es and CIDR blocks
 * webhooks may reach although the SSRF guard refuses them (a receiver on 127.0.0.1 or a private
 * network). Applied at once; the environment's entries are shown, not editable here.
 */
export function OutboundAllowSection() {
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['outbound-allow'], queryFn: () => api<AllowList>('/outbound-allow') });
  const [entry, setEntry] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const update = (data: AllowList) => client.setQueryData(['outbound-allow'], data);
  const add = useMutation({
    mutationFn: () => api<AllowList>('/outbound-allow', { method: 'POST', body: { entry } }),
    onSuccess: (data) => {
      update(data);
      setAdded(entry.trim().toLowerCase());
      setEntry('');
    },
  });
  const remove = useMutation({
    mutationFn: (e: string) =>
      api<AllowList>(`/outbound-allow?${new URLSearchParams({ entry: e })}`, { method: 'DELETE' }),
    onSuccess: update,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    add.mutate();
  };
  const fieldError = add.error instanceof ApiError ? add.error.fieldError('entry') : undefined;
  return (
    <section className="card" aria-labelledby="outbound-title">
      <h2 id="outbound-title">Outbound allow-list (organization)</h2>
      <p className="muted">
        Webhooks may not reach loopback, private, link-local or cloud metadata addresses. Allow a host (
        <code>receiver.internal</code>), <code>*.suffix</code> or CIDR block (<code>127.0.0.1/32</code>) here:
        it applies at once. Metadata addresses only when named exactly (<code>169.254.169.254</code>).
      </p>
      <QueryView query={list} what="Loading the allow-list">
        {(data) => (
          <>
            <ul className="plain outbound-entries">
              {data.env.map((e) => (
                <li key={`env-${e}`} className="row" data-entry={e}>
                  <code>{e}</code> <span className="muted">from BELLWETHER_OUTBOUND_ALLOW</span>
                </li>
              ))}
              {data.entries.map((e) => (
                <li key={e.entry} className="row" data-entry={e.entry}>
                  <code>{e.entry}</code>
                  <span className="muted">
                    added by {e.created_by}, {formatTime(e.created_at)}
                  </span>
                  <span className="spacer" />
                  <ConfirmButton label="Remove" what={e.entry} onConfirm={() => remove.mutate(e.entry)} />
                </li>
              ))}
              {data.env.length + data.entries.length === 0 ? (
                <li className="muted">Nothing allowed: only public https destinations.</li>
              ) : null}
            </ul>
            {data.audit.length > 0 ? (
              <details className="outbound-audit">
                <summary>Changes ({data.audit.length})</summary>
                <ul className="plain">
                  {data.audit.map((a) => (
                    <li key={`${a.at}-${a.entry}-${a.action}`}>
                      {formatTime(a.at)} · {a.username} {a.action === 'add' ? 'allowed' : 'removed'}{' '}
                      <code>{a.entry}</code>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </>
        )}
      </QueryView>
      <form className="grid-form" onSubmit={submit} aria-label="Allow an outbound destination">
        <label>
          Host or CIDR block
          <input
            name="outbound-entry"
            value={entry}
            placeholder="127.0.0.1/32"
            onChange={(e) => setEntry(e.target.value)}
            required
          />
          {fieldError ? <span className="field-error">{fieldError}</span> : null}
        </label>
        <div className="row">
          <button type="submit" className="primary" disabled={add.isPending}>
            Allow
          </button>
          {added ? (
            <span className="ok" role="status">
              Allowed {added}.
            </span>
          ) : null}
        </div>
      </form>
      <ErrorBox error={fieldError ? remove.error : (add.error ?? remove.error)} />
    </section>
  );
}
