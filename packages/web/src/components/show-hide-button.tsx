/**
 * The "Show"/"Hide" link of a list whose rows open one at a time: `open` is the id of the row
 * open now (null when none); the button opens `id`, or closes it when it is the open one.
 */
export function ShowHideButton(props: {
  id: string;
  open: string | null;
  setOpen(id: string | null): void;
  label?: string;
}) {
  const expanded = props.open === props.id;
  return (
    <button
      type="button"
      className="link"
      aria-expanded={expanded}
      aria-label={props.label}
      onClick={() => props.setOpen(expanded ? null : props.id)}
    >
      {expanded ? 'Hide' : 'Show'}
    </button>
  );
}
