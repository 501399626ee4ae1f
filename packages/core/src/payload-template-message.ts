import { type FieldError, invalidFields } from './errors.js';
import type { PayloadTemplateOptions } from './payload-template.js';
import { templateNameProblem } from './payload-template-names.js';
import { scanTemplateString } from './payload-template-scan.js';
import { lineAndColumn } from './payload-template-text.js';
import { lookupTemplateValue, toTemplateText } from './payload-template-values.js';

/**
 * Plain-text templates: a Slack notification's title and message, which take the same
 * `${name}` placeholders (and `$${` escape) as payloads but are not JSON, so values are
 * inserted as text without escaping.
 */

/** Checks a plain-text template; throws `validation_failed` naming `line L, column C` of each problem. */
export function validateMessageTemplate(text: string, options: PayloadTemplateOptions): void {
  const path = options.path ?? 'action.message';
  const at = (offset: number): string => {
    const { line, column } = lineAndColumn(text, offset);
    return `line ${line}, column ${column}`;
  };
  const { pieces, errors: syntax } = scanTemplateString(text);
  const errors: FieldError[] = syntax.map((e) => ({ path, message: `${at(e.offset)}: ${e.message}` }));
  for (const piece of pieces) {
    if (piece.kind !== 'var') continue;
    const problem = templateNameProblem(piece.name, options);
    if (problem) errors.push({ path, message: `${at(piece.offset)}: ${problem}` });
  }
  if (errors.length > 0) throw invalidFields(errors);
}

/** Renders a plain-text template; one with a malformed placeholder is returned as written. */
export function renderMessageTemplate(text: string, values: Readonly<Record<string, unknown>>): string {
  const { pieces, errors } = scanTemplateString(text);
  if (errors.length > 0) return text;
  return pieces
    .map((piece) =>
      piece.kind === 'text' ? piece.text : toTemplateText(lookupTemplateValue(values, piece.name)),
    )
    .join('');
}
