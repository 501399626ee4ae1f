import { jsonDepthExceeds, MAX_JSON_DEPTH } from '@bellwether/core';
import { z } from '@hono/zod-openapi';

/** Names of users and teams: a letter or digit, then letters, digits, `_`, `.` or `-`. */
export const HandleSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "must start with a letter or digit and use only letters, digits, '_', '.' and '-'",
  );

/** Names of projects, collections and registries: like handles, up to 128 characters. */
export const NameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "must start with a letter or digit and use only letters, digits, '_', '.' and '-' (no '/')",
  );

/** Tags and aliases: 1–128 printable characters without `/`, `:` or `,`. */
export const LabelSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .refine((s) => !/[/:,]/.test(s) && ![...s].some((ch) => (ch.codePointAt(0) ?? 0) < 32 || ch === '\u007f'), {
    message: "must not contain '/', ':', ',' or control characters",
  });

/** Free text descriptions. */
export const DescriptionSchema = z.string().max(10_000, 'must be at most 10,000 characters');

/** A JSON object (config, metadata), nested at most MAX_JSON_DEPTH levels. */
export const JsonObjectSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => !jsonDepthExceeds(value), {
    message: `must not nest deeper than ${MAX_JSON_DEPTH} levels`,
  });

/** The application/problem+json body of every error. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: problem('Malformed JSON'),
  401: problem('Not signed in'),
  403: problem('The caller’s role does not allow this'),
  404: problem('Not found'),
  409: problem('Conflict with existing state'),
  413: problem('Body over the size limit'),
  415: problem('Body is not JSON'),
  422: problem('A field is invalid; `errors` names each one'),
} as const;

/** A JSON response description for the OpenAPI document. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON request body description for the OpenAPI document. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { 'application/json': { schema } } } };
}
