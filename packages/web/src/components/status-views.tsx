import type { ReactNode } from 'react';
import { ApiError } from '../api/api-client.js';

/** A loading placeholder announced to screen readers. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

/** An error box showing the problem+json detail of a failed call. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const detail =
    error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert">
      {detail}
    </div>
  );
}

/** An empty state: what is missing and, optionally, what to do about it. */
export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** Loading, error or the content, for one query. */
export function QueryView<T>(props: {
  query: { isPending: boolean; error: unknown; data: T | undefined };
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (props.query.error) return <ErrorBox error={props.query.error} />;
  if (props.query.isPending || props.query.data === undefined)
    return <Loading what={props.what ?? 'Loading'} />;
  return <>{props.children(props.query.data)}</>;
}

/** A UTC-free local date and time for a millisecond timestamp. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toLocaleString();
}

/** A coloured status word (finished, failed, pending, skipped, running…). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
