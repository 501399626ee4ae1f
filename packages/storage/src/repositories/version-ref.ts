/** A reference to one version of a collection: its index (`v3`) or an alias (`latest`). */
export type VersionRef = { kind: 'index'; index: number } | { kind: 'alias'; alias: string };

const INDEX_REF = /^v(0|[1-9][0-9]{0,8})$/;

/**
 * Reads `v3` as index 3 and anything else as an alias name. Aliases shaped like `vN` would be
 * unreachable, so callers refuse them when aliases are put (see `isVersionIndexRef`).
 */
export function parseVersionRef(ref: string): VersionRef {
  const match = INDEX_REF.exec(ref);
  return match?.[1] !== undefined
    ? { kind: 'index', index: Number(match[1]) }
    : { kind: 'alias', alias: ref };
}

/** Whether a string reads as a version index (`v0`, `v12`), so it cannot serve as an alias. */
export function isVersionIndexRef(ref: string): boolean {
  return /^v[0-9]+$/.test(ref);
}

/** The parts of `team/project/collection:v3` (or `…:alias`), the printed name of an artifact version. */
export interface ArtifactPath {
  team: string;
  project: string;
  collection: string;
  ref: string;
}

/** Splits `team/project/collection:ref`; undefined when the text does not have that shape. */
export function parseArtifactPath(text: string): ArtifactPath | undefined {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return undefined;
  const parts = text.slice(0, colon).split('/');
  const ref = text.slice(colon + 1);
  const [team, project, collection] = parts;
  if (parts.length !== 3 || !team || !project || !collection || !ref) return undefined;
  return { team, project, collection, ref };
}

/** Prints an artifact version as `team/project/collection:vN`. */
export function formatArtifactPath(team: string, project: string, collection: string, index: number): string {
  return `${team}/${project}/${collection}:v${index}`;
}
