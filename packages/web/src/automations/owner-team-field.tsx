/** The select of the team that will own a new automation, when more than one may. */
export function OwnerTeamField(props: {
  teams: readonly string[];
  value: string;
  error: string | undefined;
  onChange: (team: string) => void;
}) {
  return (
    <div className={`field${props.error ? ' has-error' : ''}`} data-field="team">
      <label>
        <span className="label-text">Owning team</span>
        <select name="team" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">Choose a team</option>
          {props.teams.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <div className="hint">
        Its members see the history; the action uses its webhooks and Slack channels.
      </div>
      {props.error ? (
        <div className="field-error" role="alert" id="err-team">
          {props.error}
        </div>
      ) : null}
    </div>
  );
}
