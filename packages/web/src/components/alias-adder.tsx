import { useState } from 'react';

/**
 * An alias box and its "Add alias" button for one version. `add` sends the alias and calls `done`
 * once it is saved, which empties the box.
 */
export function AliasAdder(props: {
  version: string;
  /** The element around the two: a span inside a table cell, a div elsewhere. */
  as: 'span' | 'div';
  small?: boolean;
  add(alias: string, done: () => void): void;
}) {
  const [alias, setAlias] = useState('');
  const Wrapper = props.as;
  return (
    <Wrapper className="row">
      <input
        aria-label={`Alias for ${props.version}`}
        placeholder="alias"
        value={alias}
        onChange={(e) => setAlias(e.target.value)}
      />
      <button
        type="button"
        className={props.small ? 'small' : undefined}
        disabled={!alias}
        onClick={() => props.add(alias, () => setAlias(''))}
      >
        Add alias
      </button>
    </Wrapper>
  );
}
