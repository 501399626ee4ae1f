import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, api, apiPath, type FieldError } from '../api/api-client.js';

/** How long the draft must stay unchanged before the server checks it. */
export const SERVER_CHECK_DELAY_MS = 300;

/** The server's verdict on one definition: valid, or refused with its field errors (403, 404, 422). */
export type ServerVerdict =
  | { valid: true }
  | { valid: false; status: number; detail: string; errors: readonly FieldError[] };

/**
 * What the wizard shows of the server's check: nothing yet (`idle`, also while the draft fails the
 * browser's own checks), a check under way, or the verdict on the draft as it now stands.
 * While a newer draft is being checked, `verdict` is the previous answer and `state` is `checking`.
 */
export interface ServerCheck {
  state: 'idle' | 'checking' | 'done';
  verdict?: ServerVerdict;
}

/** Asks the dry-run endpoint about a definition; a refusal is a verdict, not an error. */
async function checkOnServer(
  team: string,
  existingId: string | undefined,
  body: unknown,
  signal: AbortSignal,
): Promise<ServerVerdict> {
  const path = apiPath`/teams/${team}/automations/validate`;
  const url = existingId ? `${path}?${new URLSearchParams({ automation_id: existingId })}` : path;
  try {
    await api(url, { method: 'POST', body, signal });
    return { valid: true };
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      return { valid: false, status: error.status, detail: error.detail, errors: error.errors };
    }
    throw error;
  }
}

/** The value once it has stayed the same for `delay` ms. */
function useSettled<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * Runs the server's own checks (POST …/automations/validate, which writes nothing) on a draft as
 * the user edits it: `input` is the wire definition, or null while the browser's checks refuse it.
 * Requests wait for typing to pause; a superseded request is aborted through the query's signal.
 */
export function useServerCheck(team: string, existingId: string | undefined, input: unknown): ServerCheck {
  const body = input === null ? null : JSON.stringify(input);
  const settled = useSettled(body, SERVER_CHECK_DELAY_MS);
  const query = useQuery({
    queryKey: ['automation-check', team, existingId ?? null, settled],
    queryFn: ({ signal }) => checkOnServer(team, existingId, JSON.parse(settled as string), signal),
    enabled: settled !== null && settled === body,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  });
  // Unreachable server: nothing to show here; saving reports it.
  if (body === null || query.isError) return { state: 'idle' };
  const current = settled === body && query.isSuccess && !query.isPlaceholderData;
  if (current) return { state: 'done', verdict: query.data };
  return query.data ? { state: 'checking', verdict: query.data } : { state: 'checking' };
}
