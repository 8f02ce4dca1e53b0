/**
 * "Nothing dropped": after a scenario, every change must be visible on the other side. Reads the
 * simulators' state directly (not through their APIs), so verifying costs no counted call.
 */
import { adfToText } from '../../src/jira/adf';
import type { JiraChange, ZendeskChange } from './changes';
import type { BenchStack } from './stack';

export interface Verification {
  checked: number;
  missing: number;
  /** A few examples of what is missing, for the report. */
  examples: string[];
}

function category(bs: BenchStack, statusId: string): string {
  const state = bs.stack.jira.state;
  const status = state.status(statusId);
  return state.category(status.categoryId).key;
}

/** Checks every change with `problemOf` (what is missing, or null) and keeps a few examples. */
function verifyEach<C>(
  changes: readonly C[],
  nameOf: (c: C) => string,
  problemOf: (c: C) => string | null,
): Verification {
  const out: Verification = { checked: changes.length, missing: 0, examples: [] };
  for (const c of changes) {
    const problem = problemOf(c);
    if (problem === null) continue;
    out.missing += 1;
    if (out.examples.length < 5) out.examples.push(`${nameOf(c)}: ${problem}`);
  }
  return out;
}

/** Zendesk → Jira: the change is on `issueOf(pair)` (the app's issue, or the naive baseline's copy). */
export function verifyInJira(
  bs: BenchStack,
  changes: readonly ZendeskChange[],
  issueOf: (c: ZendeskChange) => string | undefined,
  referenceField: string,
): Verification {
  const state = bs.stack.jira.state;
  return verifyEach(
    changes,
    (c) => `ticket ${c.pair.ticketId} (${c.kind})`,
    (c) => {
      const id = issueOf(c);
      const issue = id === undefined ? undefined : state.issues.get(id);
      if (!issue) return 'no issue';
      const { expect } = c;
      if (expect.summary !== undefined && issue.values.summary !== expect.summary)
        return `summary is "${String(issue.values.summary)}"`;
      if (expect.reference !== undefined && issue.values[referenceField] !== expect.reference)
        return `reference is ${String(issue.values[referenceField])}`;
      if (expect.category !== undefined && category(bs, issue.statusId) !== expect.category)
        return `status category is ${category(bs, issue.statusId)}, want ${expect.category}`;
      if (
        expect.commentText !== undefined &&
        !issue.commentIds.some((cid) =>
          adfToText(state.comments.get(cid)?.body).includes(expect.commentText as string),
        )
      )
        return 'comment not copied';
      if (
        expect.fileName !== undefined &&
        !issue.attachmentIds.some((aid) => state.attachments.get(aid)?.filename === expect.fileName)
      )
        return 'attachment not copied';
      return null;
    },
  );
}

/** Jira → Zendesk: the change is on the linked ticket. */
export function verifyInZendesk(bs: BenchStack, changes: readonly JiraChange[]): Verification {
  const zd = bs.stack.zendesk.state;
  return verifyEach(
    changes,
    (c) => `issue ${c.pair.issueKey} (${c.kind})`,
    (c) => {
      const ticket = zd.tickets.get(c.pair.ticketId);
      if (!ticket) return 'no ticket';
      const { expect } = c;
      const comments = ticket.commentIds.map((id) => zd.comments.get(id)).filter((x) => x !== undefined);
      if (expect.subject !== undefined && ticket.subject !== expect.subject)
        return `subject is "${ticket.subject}"`;
      if (expect.statusIn !== undefined && !expect.statusIn.includes(ticket.status))
        return `status is ${ticket.status}`;
      if (
        expect.commentText !== undefined &&
        !comments.some(
          (cm) =>
            cm.plainBody.includes(expect.commentText as string) ||
            cm.body.includes(expect.commentText as string),
        )
      )
        return 'comment not copied';
      if (
        expect.fileName !== undefined &&
        !comments.some((cm) =>
          cm.attachmentIds.some((a) => zd.attachments.get(a)?.fileName === expect.fileName),
        )
      )
        return 'attachment not copied';
      return null;
    },
  );
}
