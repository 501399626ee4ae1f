import type { DraftEventType } from './automation-draft.js';
import { pathInWords } from './automation-draft.js';
import type { ServerCheck } from './use-server-check.js';

/**
 * The server's verdict on the draft, under the form: "checked by the server" when every check
 * passed, otherwise the refusal with each problem not already shown next to a field on screen.
 */
export function ServerCheckStatus(props: {
  check: ServerCheck;
  eventType: DraftEventType;
  shownAtField: (path: string) => boolean;
}) {
  const { state, verdict } = props.check;
  if (state === 'idle') return null;
  if (!verdict) {
    return (
      <p className="muted server-check" data-state="checking" role="status">
        Checking with the server…
      </p>
    );
  }
  const settled = state === 'done';
  if (verdict.valid) {
    return (
      <p
        className={`server-check ${settled ? 'ok' : 'muted'}`}
        data-state={settled ? 'valid' : 'checking'}
        role="status"
      >
        {settled ? '✓ Checked by the server' : 'Checking with the server…'}
      </p>
    );
  }
  const elsewhere = verdict.errors.filter((e) => !props.shownAtField(e.path));
  return (
    <div className="error server-check" data-state="invalid" role="status">
      {verdict.errors.length === 0 ? verdict.detail : 'The server would refuse this automation.'}
      {elsewhere.length > 0 ? (
        <ul>
          {elsewhere.map((e) => (
            <li key={e.path}>
              <strong title={e.path}>{pathInWords(e.path, props.eventType)}</strong>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
