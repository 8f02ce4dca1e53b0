/**
 * The INCREMENTAL Zendesk → Jira poller: the simple connector a user writes once they know the
 * change feed. Every five minutes it reads the incremental ticket export from where it stopped
 * (cursor-based, 1000 tickets a page,
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based),
 * and for each exported ticket it has a link for, reads the ticket's comments, compares with
 * what it remembered and writes the differences (toJira.ts). It has the app's change feed but
 * none of its cleverness, so "fewer calls than the incremental poller" is what the connector's
 * design buys beyond the feed.
 *
 * Memory as Forge storage bills it: one batch get per 25 exported tickets (absent = not
 * linked), one batch set per 25 changed ones, one write of its cursor.
 */
import { z } from 'zod';
import * as kit from './baselineKit';
import { rememberTickets, type PollerOptions } from './naive';
import type { BenchStack } from './stack';
import * as toJira from './toJira';

const zExport = z.object({
  tickets: z.array(toJira.zTicketRecord),
  after_cursor: z.string().nullable(),
  end_of_stream: z.boolean(),
});

export class IncrementalZendeskToJira extends kit.Poller<toJira.TicketMemory> {
  private readonly issueOf = new Map<number, string>();
  private cursor: string | null = null;
  private startTime = 0;

  constructor(
    bs: BenchStack,
    private readonly options: PollerOptions,
  ) {
    super(bs);
  }

  /** Its last run's memory and position (setup, from the simulator's state; not measured). */
  rememberCurrentState(links: readonly toJira.LinkToJira[]): void {
    for (const l of links) this.issueOf.set(l.ticketId, l.issueId);
    this.memory.writeMany(rememberTickets(this.bs, links, this.options.referenceFieldId));
    // The next second: everything before it is in memory already.
    this.startTime = Math.floor(this.bs.stack.zendesk.clock.now() / 1000) + 1;
    this.cursor = null;
  }

  async run(): Promise<kit.NaiveResult> {
    const started = this.begin();
    const exported = new Map<number, z.infer<typeof toJira.zTicketRecord>>();
    for (;;) {
      const query = this.cursor
        ? `cursor=${encodeURIComponent(this.cursor)}`
        : `start_time=${this.startTime}`;
      const page = await kit.json(
        await this.api.zendesk(`/api/v2/incremental/tickets/cursor.json?${query}`),
        zExport,
        'GET incremental export',
      );
      for (const t of page.tickets) exported.set(t.id, t);
      if (page.after_cursor) this.cursor = page.after_cursor;
      if (page.end_of_stream) break;
    }
    const linked = [...exported.keys()].filter((id) => this.issueOf.has(id));
    const known = this.memory.readSome(linked.map(String));
    const updates: [string, toJira.TicketMemory][] = [];
    await kit.pool(linked, this.options.concurrency, async (ticketId) => {
      const record = exported.get(ticketId);
      const issueId = this.issueOf.get(ticketId);
      if (!record || issueId === undefined) return;
      const before = known.get(String(ticketId));
      const comments = await toJira.readComments(this.api, ticketId);
      const now = toJira.memoryOf(
        record,
        this.options.referenceFieldId,
        comments.map((c) => c.id),
      );
      if (toJira.differs(before, now))
        await toJira.applyToJira(
          this.api,
          this.options.jiraReferenceField,
          { ticketId, issueId },
          before,
          now,
          comments,
        );
      updates.push([String(ticketId), now]);
    });
    this.memory.writeMany(updates);
    this.counter.kvs += 1; // the cursor
    return kit.resultOf(this.counter, started, updates.length);
  }
}
