/**
 * Time-based incremental export paging, shared by GET /api/v2/incremental/tickets and
 * GET /api/v2/incremental/ticket_events (doc "Time-based incremental exports",
 * https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api#time-based-incremental-exports):
 *
 * - The first call takes `start_time` (unix seconds); items changed at or after it are returned,
 *   oldest first, never those of the last minute; a `start_time` within the last minute is refused
 *   like the cursor export's (422 "Too recent start_time…").
 * - Up to 1000 items a page (`per_page` may lower it). The response carries `count`, `end_time`
 *   (the second of the last item), `next_page` (same query with `start_time=end_time`) and
 *   `end_of_stream` (true when the page is not full). Because the next page starts at `end_time`
 *   inclusive, items of that second come again on the next page: the documented duplicates the
 *   client removes by id.
 * - A full page whose items all share `start_time`'s second would repeat forever; the page then
 *   takes every item of that second and `end_time` moves one second on [unverified: how Zendesk
 *   breaks such a tie is not documented].
 */
import type { SimClock } from './clock';
import { simpleError } from './errors';
import type { SimResponse } from './http';

export const TIME_EXPORT_PAGE = 1000;

/**
 * The `start_time` of an export's first call, or the refusal: missing or not a whole number →
 * 422 [unverified text]; within the last minute → 422 "Too recent start_time…" (shared by the
 * cursor export and the time-based ones).
 */
export function startTime(query: URLSearchParams, clock: SimClock): number | SimResponse {
  const raw = query.get('start_time');
  if (raw === null || !/^\d+$/.test(raw)) {
    return simpleError(
      422,
      'InvalidValue',
      'start_time is required and must be a Unix epoch time in seconds',
    );
  }
  const start = Number(raw);
  if (start > Math.floor(clock.now() / 1000) - 60) {
    return simpleError(422, 'InvalidValue', 'Too recent start_time. Use a start_time older than 1 minute.');
  }
  return start;
}

export interface TimePage<T> {
  items: T[];
  endTime: number;
  endOfStream: boolean;
  nextPage: string;
}

/**
 * Pages `items` (sorted by time) from the request's start_time. `secondOf` gives an item's second;
 * `url` is the endpoint's public URL, whose query is rebuilt with the new start_time.
 */
export function timePage<T>(
  items: readonly T[],
  secondOf: (item: T) => number,
  clock: SimClock,
  query: URLSearchParams,
  url: string,
): TimePage<T> | SimResponse {
  const start = startTime(query, clock);
  if (typeof start !== 'number') return start;
  const cutoff = Math.floor(clock.now() / 1000) - 60;
  const perRaw = query.get('per_page');
  const perPage =
    perRaw && /^\d+$/.test(perRaw)
      ? Math.min(Math.max(Number(perRaw), 1), TIME_EXPORT_PAGE)
      : TIME_EXPORT_PAGE;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid];
    if (item !== undefined && secondOf(item) < start) lo = mid + 1;
    else hi = mid;
  }
  const page: T[] = [];
  let i = lo;
  for (; i < items.length && page.length < perPage; i++) {
    const item = items[i];
    if (item === undefined || secondOf(item) > cutoff) break;
    page.push(item);
  }
  const full = page.length === perPage;
  const last = page[page.length - 1];
  let endTime = last ? secondOf(last) : start;
  if (full && endTime === start) {
    for (; i < items.length; i++) {
      const item = items[i];
      if (item === undefined || secondOf(item) !== start) break;
      page.push(item);
    }
    endTime = start + 1;
  }
  const next = new URLSearchParams(query);
  next.set('start_time', String(endTime));
  return { items: page, endTime, endOfStream: !full, nextPage: `${url}?${next.toString()}` };
}

export function isTimePage<T>(value: TimePage<T> | SimResponse): value is TimePage<T> {
  return 'items' in value;
}
