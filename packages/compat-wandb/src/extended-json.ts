/**
 * Parses the wandb client's "extended JSON": JSON with bare `NaN`, `Infinity` and `-Infinity`
 * (history lines, the summary, the run config). Those tokens become the strings "NaN",
 * "Infinity" and "-Infinity", which the tracking writes read as the numbers they name.
 */
export function parseExtendedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(quoteNonFinite(text));
  }
}

function quoteNonFinite(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => text.startsWith(t, i));
    if (token) {
      out += `"${token}"`;
      i += token.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
