import { formatDistanceStrict, formatDistanceToNowStrict } from 'date-fns';

/** Local date and time plus "3 minutes ago"; the raw text when the backend sent something unparsable. */
export function formatWhenParts(iso: string): { absolute: string; relative: string | null } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { absolute: iso, relative: null };
  return { absolute: date.toLocaleString(), relative: formatDistanceToNowStrict(date, { addSuffix: true }) };
}

export function formatWhen(iso: string): string {
  const { absolute, relative } = formatWhenParts(iso);
  return relative ? `${absolute} (${relative})` : absolute;
}

export function formatLag(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} seconds`;
  return formatDistanceStrict(0, seconds * 1000);
}
