import { KEYED_TEMPLATE_VARIABLES, TEMPLATE_VARIABLE_NAMES } from './template-variables.js';

/**
 * What a `${name}` may refer to, and the messages for names that refer to nothing. Catalogue
 * variables take precedence over secrets of the same name, so a secret can never be leaked by
 * a template that meant a variable.
 */

/** What a template may name: variables (see TEMPLATE_VARIABLE_NAMES) and the webhook's secrets. */
export interface TemplateNameOptions {
  variables: ReadonlySet<string>;
  secrets: ReadonlySet<string>;
}

/** True when `${name}` reads a secret: a dot-free name outside the variable catalogue. */
export function isSecretReference(name: string): boolean {
  return !name.includes('.') && !TEMPLATE_VARIABLE_NAMES.has(name);
}

/** Why `${name}` cannot be used with these options, or undefined when it can. */
export function templateNameProblem(name: string, options: TemplateNameOptions): string | undefined {
  const dot = name.indexOf('.');
  if (dot >= 0) {
    const prefix = name.slice(0, dot);
    if (!KEYED_TEMPLATE_VARIABLES.has(prefix)) {
      if (TEMPLATE_VARIABLE_NAMES.has(prefix) || options.variables.has(prefix)) {
        const keyed = [...KEYED_TEMPLATE_VARIABLES].map((v) => `\${${v}.KEY}`).join(', ');
        return `"\${${name}}": \${${prefix}} has no keys to read; only ${keyed} reads one`;
      }
      return unknownName(name, options);
    }
    if (dot === name.length - 1)
      return `"\${${name}}" needs a key after the dot, as in \${${prefix}.accuracy}`;
    return options.variables.has(prefix) ? undefined : notAvailable(prefix, options);
  }
  if (options.variables.has(name)) return undefined;
  if (TEMPLATE_VARIABLE_NAMES.has(name)) return notAvailable(name, options);
  if (options.secrets.has(name)) return undefined;
  if (/[A-Z]/.test(name) && name === name.toUpperCase()) {
    const carried = [...options.secrets].sort();
    const which = carried.length > 0 ? `it carries ${carried.join(', ')}` : 'it carries no secrets';
    return `"\${${name}}" names a secret that this webhook does not carry (${which})`;
  }
  return unknownName(name, options);
}

function notAvailable(name: string, options: TemplateNameOptions): string {
  return `"\${${name}}" has no value for this event; available: ${[...options.variables].join(', ')}`;
}

function unknownName(name: string, options: TemplateNameOptions): string {
  const candidates = new Set([...options.variables, ...options.secrets]);
  const near = nearNames(name, candidates);
  if (near.length > 0) {
    return `unknown variable "\${${name}}"; did you mean ${near.map((n) => `\${${n}}`).join(' or ')}?`;
  }
  return `unknown variable "\${${name}}": it is neither a payload variable nor a secret of this webhook; variables: ${[...options.variables].join(', ')}`;
}

/** Up to three names within two edits of `name` (ignoring case), or containing it, closest first. */
export function nearNames(name: string, candidates: Iterable<string>): string[] {
  const wanted = name.toLowerCase();
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower, 2);
    const contains = wanted.length >= 3 && (lower.includes(wanted) || wanted.includes(lower));
    if (distance <= 2 || contains) scored.push({ candidate, score: Math.min(distance, 3) });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, 3).map((s) => s.candidate);
}

/** Levenshtein distance, cut off at `max + 1` so long unrelated names cost little. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}
