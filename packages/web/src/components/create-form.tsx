import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError, api } from '../api/api-client.js';
import { ErrorBox } from './status-views.js';

/**
 * A one-line "create" form (a project, a registry, a collection): a name, optionally a type and a
 * description, POSTed to `path`; the API's field errors appear next to their field, and a
 * confirmation names what was created. `what` is the thing in words ("project").
 */
export function CreateForm(props: {
  what: string;
  path: string;
  invalidate: readonly unknown[];
  withType?: boolean;
  onCreated?: (name: string) => void;
}) {
  const client = useQueryClient();
  const id = useId();
  const [name, setName] = useState('');
  const [type, setType] = useState('model');
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api<{ name: string }>(props.path, {
        method: 'POST',
        body: { name, ...(props.withType ? { type } : {}), ...(description ? { description } : {}) },
      }),
    onSuccess: (result) => {
      setCreated(result.name);
      setName('');
      setDescription('');
      void client.invalidateQueries({ queryKey: props.invalidate });
      props.onCreated?.(result.name);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate();
  };
  const error = create.error instanceof ApiError ? create.error : null;
  const at = (field: string) => error?.fieldError(field);
  const unplaced = create.error && !at('name') && !at('type') && !at('description');
  const label = props.what.charAt(0).toUpperCase() + props.what.slice(1);
  return (
    <form className="create-form" aria-label={`New ${props.what}`} onSubmit={submit}>
      <div className={`field${at('name') ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-name`}>
          <span className="label-text">{label} name</span>
        </label>
        <input
          id={`${id}-name`}
          value={name}
          required
          aria-invalid={at('name') ? true : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {at('name') ? (
          <div className="field-error" role="alert">
            {at('name')}
          </div>
        ) : null}
      </div>
      {props.withType ? (
        <div className={`field${at('type') ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-type`}>
            <span className="label-text">{label} type</span>
          </label>
          <input
            id={`${id}-type`}
            list={`${id}-types`}
            value={type}
            required
            onChange={(e) => setType(e.target.value)}
          />
          <datalist id={`${id}-types`}>
            <option value="model" />
            <option value="dataset" />
          </datalist>
          {at('type') ? (
            <div className="field-error" role="alert">
              {at('type')}
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-description`}>
          <span className="label-text">Description (optional)</span>
        </label>
        <input
          id={`${id}-description`}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <button type="submit" disabled={create.isPending}>
        Create {props.what}
      </button>
      {created ? (
        <span className="ok" role="status">
          Created {props.what} {created}.
        </span>
      ) : null}
      {unplaced ? <ErrorBox error={create.error} /> : null}
    </form>
  );
}
