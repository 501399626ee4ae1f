/** The tags of a version or link after a tag write, and whether the write changed them. */
export interface TagChange {
  /** False when the tag was already there (add) or absent (remove): nothing changed, no event fires. */
  changed: boolean;
  tags: string[];
}

/** Adds a tag to a stored JSON tag array, keeping the order tags were added in. */
export function addToTagList(stored: string, tag: string): TagChange {
  const tags = JSON.parse(stored) as string[];
  if (tags.includes(tag)) return { changed: false, tags };
  return { changed: true, tags: [...tags, tag] };
}

/** Removes a tag from a stored JSON tag array. */
export function removeFromTagList(stored: string, tag: string): TagChange {
  const tags = JSON.parse(stored) as string[];
  if (!tags.includes(tag)) return { changed: false, tags };
  return { changed: true, tags: tags.filter((t) => t !== tag) };
}
