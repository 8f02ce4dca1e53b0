import { formatDistanceStrict, formatDistanceToNowStrict } from 'date-fns';

/** "2024-05-01 10:15 (3 minutes ago)"; raw text when the backend sent something unparsable. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString()} (${formatDistanceToNowStrict(date, { addSuffix: true })})`;
}

export function formatLag(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} seconds`;
  return formatDistanceStrict(0, seconds * 1000);
}
