import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, apiPath } from '../api/api-client.js';
import { queries } from '../api/queries.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { Empty, ErrorBox, QueryView } from '../components/status-views.js';

/**
 * Whether "Connect with Slack" can work: asks the OAuth start without following its redirect
 * (a redirect means a Slack app is configured; 409 `slack_not_configured` that none is).
 */
function useSlackAppConfigured(team: string) {
  return useQuery({
    queryKey: ['slack-oauth-configured', team],
    retry: false,
    staleTime: 60_000,
    queryFn: async () => {
      const response = await fetch(`/api/v1/slack/oauth/start?team=${encodeURIComponent(team)}`, {
        redirect: 'manual',
        credentials: 'same-origin',
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400))
        return true;
      if (response.status === 409) return false;
      // Not a team admin (403), or something else: the link is not offered.
      return null;
    },
  });
}

/** Slack integrations: connect through OAuth, or paste a bot token and channel, or an incoming-webhook URL. */
export function SlackSection({ team }: { team: string }) {
  const client = useQueryClient();
  const list = useQuery(queries.slack(team));
  const configured = useSlackAppConfigured(team);
  const callback = `${window.location.origin}/api/v1/slack/oauth/callback`;
  const [kind, setKind] = useState<'bot_token' | 'incoming_webhook'>('bot_token');
  const [token, setToken] = useState('');
  const [channel, setChannel] = useState('');
  const [url, setUrl] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['slack', team] });
  const create = useMutation({
    mutationFn: () =>
      api<unknown>(apiPath`/teams/${team}/slack-integrations`, {
        method: 'POST',
        body:
          kind === 'bot_token'
            ? { type: 'bot_token', bot_token: token, channel }
            : { type: 'incoming_webhook', url },
      }),
    onSuccess: () => {
      setToken('');
      setUrl('');
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      api<void>(apiPath`/teams/${team}/slack-integrations/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby="slack-title">
      <h2 id="slack-title">Slack</h2>
      <QueryView query={list} what="Loading Slack integrations">
        {(items) =>
          items.length === 0 ? (
            <Empty>No Slack channels connected.</Empty>
          ) : (
            <ul className="plain">
              {items.map((s) => (
                <li key={s.id} className="row">
                  <strong>{s.name ?? s.workspace ?? s.type}</strong>
                  {s.channel ? <span>#{s.channel.replace(/^#/, '')}</span> : null}
                  <span className="muted">{s.type}</span>
                  <span className="spacer" />
                  <ConfirmButton
                    label="Delete"
                    what={s.name ?? s.channel ?? s.type}
                    onConfirm={() => remove.mutate(s.id)}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {configured.data === true ? (
        <p>
          <a className="button" href={`/api/v1/slack/oauth/start?team=${encodeURIComponent(team)}`}>
            Connect with Slack
          </a>{' '}
          <span className="muted">or add one by hand:</span>
        </p>
      ) : configured.data === false ? (
        <div className="slack-setup" role="note" aria-label="Setting up Slack">
          <p>
            <strong>Connect with Slack needs a Slack app, and none is configured.</strong> To offer it: create
            an app at <a href="https://api.slack.com/apps">api.slack.com/apps</a> with the bot scopes{' '}
            <code>chat:write</code> and <code>channels:read</code>, set its redirect URL to{' '}
            <code>{callback}</code>, and start Bellwether with <code>BELLWETHER_SLACK_CLIENT_ID</code> and{' '}
            <code>BELLWETHER_SLACK_CLIENT_SECRET</code>.
          </p>
          <p>
            Without an app, add a channel here: a bot token (<code>xoxb-…</code>, from an app installed in
            your workspace) with a channel the bot is in, or an incoming-webhook URL.
          </p>
        </div>
      ) : (
        <p className="muted">Add a channel by hand:</p>
      )}
      <form className="grid-form" onSubmit={submit} aria-label="New Slack integration">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as 'bot_token' | 'incoming_webhook')}>
            <option value="bot_token">Bot token + channel</option>
            <option value="incoming_webhook">Incoming-webhook URL</option>
          </select>
        </label>
        {kind === 'bot_token' ? (
          <>
            <label>
              Bot token
              <input
                type="password"
                autoComplete="off"
                placeholder="xoxb-…"
                value={token}
                onChange={(e) => setToken(e.target.value)}
                required
              />
            </label>
            <label>
              Channel
              <input
                placeholder="#alerts"
                value={channel}
                onChange={(e) => setChannel(e.target.value)}
                required
              />
            </label>
          </>
        ) : (
          <label>
            Webhook URL
            <input
              type="password"
              autoComplete="off"
              placeholder="https://hooks.slack.com/services/…"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              required
            />
          </label>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={create.isPending}>
            Add Slack integration
          </button>
        </div>
      </form>
      <ErrorBox error={create.error ?? remove.error} />
    </section>
  );
}
