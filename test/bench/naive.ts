/**
 * The NAIVE Zendesk → Jira poller: what a user writes when they do not use a change feed. Every
 * five minutes it lists all linked tickets (show_many, 100 ids a request: the cheapest way the
 * Ticketing API lists known tickets,
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-multiple-tickets),
 * reads their comments, compares with what it remembered and writes the differences to its own
 * copies of the Jira issues (toJira.ts). Implemented to be as cheap as such a poller can be, so
 * it never flatters the app:
 *
 * - plain `fetch` against the same simulators, the documented endpoints;
 * - memory billed as Forge storage bills it (one query page per 20 links, one batch get per 25
 *   snapshots, one batch set per 25 changed ones);
 * - `concurrency` requests at a time; 429s waited out on the simulated clock (and counted).
 *
 * Two variants, both measured:
 * - `content` (the naive baseline): a ticket record does not say whether a comment was added,
 *   so it reads every linked ticket's comments;
 * - `updatedAt`: it trusts the ticket's `updated_at` and reads comments only of tickets whose
 *   `updated_at` moved. This is a change feed built from the listing, so it is reported beside
 *   the naive poller, not instead of it.
 *
 * Its Jira writes are made as the app account, so the app's own event handlers (which ignore the
 * app's events, `ignoreSelf`) do not react to them.
 */
import { z } from 'zod';
import { isoSeconds } from '../../sandbox/zendesk/clock';
import * as kit from './baselineKit';
import type { BenchStack } from './stack';
import {
  applyToJira,
  differs,
  memoryOf,
  readComments,
  zTicketRecord,
  type LinkToJira,
  type TicketMemory,
  type TicketRecordJson,
} from './toJira';

/** show_many takes at most 100 ids. */
export const SHOW_MANY = 100;

const zShowMany = z.object({ tickets: z.array(zTicketRecord) });

export type NaiveLinkToJira = LinkToJira;

export interface PollerOptions {
  referenceFieldId: number;
  jiraReferenceField: string;
  concurrency: number;
}

export class NaiveZendeskToJira extends kit.Poller<TicketMemory> {
  constructor(
    bs: BenchStack,
    private readonly options: PollerOptions & { variant: 'content' | 'updatedAt' },
  ) {
    super(bs);
  }

  /**
   * The memory its previous run left behind, taken from the simulator's state rather than read
   * over HTTP (setup, not measured; the same values a run would store).
   */
  rememberCurrentState(links: readonly LinkToJira[]): void {
    this.memory.writeMany(rememberTickets(this.bs, links, this.options.referenceFieldId));
  }

  private async list(ids: readonly number[]): Promise<Map<number, TicketRecordJson>> {
    const chunks: number[][] = [];
    for (let i = 0; i < ids.length; i += SHOW_MANY) chunks.push(ids.slice(i, i + SHOW_MANY));
    const out = new Map<number, TicketRecordJson>();
    await kit.pool(chunks, this.options.concurrency, async (chunk) => {
      const { tickets } = await kit.json(
        await this.api.zendesk(`/api/v2/tickets/show_many.json?ids=${chunk.join(',')}`),
        zShowMany,
        'GET show_many',
      );
      for (const t of tickets) out.set(t.id, t);
    });
    return out;
  }

  async run(links: readonly LinkToJira[]): Promise<kit.NaiveResult> {
    const started = this.begin();
    const known = this.memory.readAll(links.map((l) => String(l.ticketId)));
    const records = await this.list(links.map((l) => l.ticketId));
    const updates: [string, TicketMemory][] = [];
    await kit.pool(links, this.options.concurrency, async (link) => {
      const record = records.get(link.ticketId);
      if (!record) return;
      const before = known.get(String(link.ticketId));
      if (this.options.variant === 'updatedAt' && before?.updatedAt === record.updated_at) return;
      const comments = await readComments(this.api, link.ticketId);
      const now = memoryOf(
        record,
        this.options.referenceFieldId,
        comments.map((c) => c.id),
      );
      if (before && JSON.stringify(before) === JSON.stringify(now)) return;
      if (differs(before, now))
        await applyToJira(this.api, this.options.jiraReferenceField, link, before, now, comments);
      updates.push([String(link.ticketId), now]);
    });
    this.memory.writeMany(updates);
    return kit.resultOf(this.counter, started, updates.length);
  }
}

/** Memory entries for `links` from the simulator's state, as a poller's last run stored them. */
export function rememberTickets(
  bs: BenchStack,
  links: readonly LinkToJira[],
  referenceFieldId: number,
): [string, TicketMemory][] {
  const state = bs.stack.zendesk.state;
  const entries: [string, TicketMemory][] = [];
  for (const l of links) {
    const t = state.tickets.get(l.ticketId);
    if (!t) continue;
    const ref = t.customFields.get(referenceFieldId);
    entries.push([
      String(l.ticketId),
      {
        subject: t.subject,
        priority: t.priority,
        reference: typeof ref === 'string' ? ref : null,
        category: kit.category(t.status),
        updatedAt: isoSeconds(t.updatedAt),
        comments: [...t.commentIds],
      },
    ]);
  }
  return entries;
}
