/**
 * Where a pass's new comments come from (docs/sync-model.md § Comments): the run's ticket event
 * window when it provably holds every comment the link lacks (commentFeed.ts), or in a queue
 * batch the window comments its scheduled run handed over (handoff.ts), else the comment
 * listing, newest first, stopping at the page that holds the last complete copy's newest
 * comment, so its cost does not grow with the ticket's history.
 */
import type { ZendeskComment } from '../../zendesk/schemas';
import { commentFeedOf, listingBound, secondsOf, type FeedOutcome } from './commentFeed';
import { handoffOf } from './handoff';
import type { LinkPass } from './linkPass';

export interface NewComments {
  /** The comments added since the last complete copy, oldest first (some may be handled already). */
  comments: ZendeskComment[];
  /** The ticket's first comment (its description), when the listing reached it. */
  firstId: number | undefined;
  /** The ticket's newest comment, for `commentsThrough`. */
  newestId: string | undefined;
  /** `commentsBefore` once these are copied: every comment before this second is then handled. */
  before: number;
  /** How the comment feed counts a complete copy of these. */
  feed: FeedOutcome;
  /** Read from the ticket event window (no listing request). */
  fromEvents: boolean;
}

/** The listing, newest first with early stop; the side-loaded authors fill the run's user cache. */
async function listed(pass: LinkPass): Promise<Pick<NewComments, 'comments' | 'firstId' | 'newestId'>> {
  const { ctx, state, ticket } = pass;
  const through = state.record.fromZendesk.commentsThrough;
  const result = await ctx.zendesk.listRecentComments(
    ticket.id,
    (page) => through !== undefined && page.some((c) => String(c.id) === through),
  );
  for (const u of result.users) ctx.caches.users.set(u.id, u);
  const done = through === undefined ? -1 : result.comments.findIndex((c) => String(c.id) === through);
  const fresh = done >= 0 ? result.comments.slice(0, done) : result.comments;
  const comments = [...fresh].reverse();
  const newest = result.comments[0];
  return {
    comments,
    // The description is the first comment; a listing cut at the remembered one has it done.
    firstId: result.complete && done < 0 ? comments[0]?.id : undefined,
    newestId: newest === undefined ? through : String(newest.id),
  };
}

/** New comments taken from ticket events (the run's window, or a hand-off record): no listing. */
function fromEvents(
  pass: LinkPass,
  events: { comments: ZendeskComment[]; before: number },
  feed: FeedOutcome,
): NewComments {
  const newest = events.comments.at(-1);
  return {
    comments: events.comments,
    firstId: undefined,
    newestId: newest === undefined ? pass.state.record.fromZendesk.commentsThrough : String(newest.id),
    before: events.before,
    feed,
    fromEvents: true,
  };
}

export async function newComments(pass: LinkPass): Promise<NewComments> {
  const { ctx, ticket, state } = pass;
  const feed = pass.force ? undefined : commentFeedOf(ctx);
  if (feed) {
    const events = await feed.commentsFor(ticket, state);
    if (events) return fromEvents(pass, events, 'window');
  }
  // A queue batch: the window comments its scheduled run handed over (handoff.ts).
  const handoff = handoffOf(ctx);
  const handed = pass.force ? null : (handoff?.commentsFor(ticket, state) ?? null);
  if (handed) return fromEvents(pass, handed, { through: handed.before });
  // Read after the window (commentsFor reads it first), a listing holds all of the window's comments.
  const windowRead = feed?.read === true;
  const before = feed
    ? feed.listingBound(ticket)
    : Math.max(listingBound(ctx, ticket), handoff?.listingBound(ticket) ?? -Infinity);
  return {
    ...(await listed(pass)),
    before,
    // Without a window the listing holds every comment up to its bound (a queue batch's settlement).
    feed: windowRead ? 'window' : { through: feed ? secondsOf(ticket.updated_at) : before },
    fromEvents: false,
  };
}
