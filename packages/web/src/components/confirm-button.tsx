import { useState } from 'react';

/**
 * A destructive button that asks first: the first click shows "Delete X? Yes / Cancel" in place,
 * and only "Yes" runs the action. `what` names the thing in the question and the labels.
 */
export function ConfirmButton(props: {
  label: string;
  what: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className="danger small"
        aria-label={`${props.label} ${props.what}`}
        disabled={props.disabled}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <span className="confirm-inline">
      {props.label} {props.what}?{' '}
      <button
        type="button"
        className="danger small"
        // biome-ignore lint/a11y/noAutofocus: the question replaced the button that had focus
        autoFocus
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        Yes, {props.label.toLowerCase()}
      </button>{' '}
      <button type="button" className="small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
