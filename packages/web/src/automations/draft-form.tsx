import type { ReactNode } from 'react';
import type { AutomationDraft } from './automation-draft.js';

/** What every editor part receives: the draft, a setter for one field, and the errors by field. */
export interface DraftFormProps {
  draft: AutomationDraft;
  set: <K extends keyof AutomationDraft>(key: K, value: AutomationDraft[K]) => void;
  errors: Partial<Record<keyof AutomationDraft, string>>;
}

/** A labelled form control with its error underneath (linked for screen readers). */
export function Field(props: {
  label: string;
  field: keyof AutomationDraft;
  errors: DraftFormProps['errors'];
  children: ReactNode;
  hint?: string;
}) {
  const error = props.errors[props.field];
  return (
    <div className={`field${error ? ' has-error' : ''}`} data-field={props.field}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control arrives as children, which the rule cannot see */}
      <label>
        <span className="label-text">{props.label}</span>
        {props.children}
      </label>
      {props.hint ? <div className="hint">{props.hint}</div> : null}
      {error ? (
        <div className="field-error" role="alert" id={`err-${props.field}`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** A select over fixed options. */
export function Choice<T extends string>(props: {
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
  name: string;
}) {
  return (
    <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
      {props.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}
