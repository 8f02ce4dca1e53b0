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

/** Zendesk → Jira: the change is on `issueOf(pair)` (the app's issue, or the naive baseline's copy). */
export function verifyInJira(
  bs: BenchStack,
  changes: readonly ZendeskChange[],
  issueOf: (c: ZendeskChange) => string | undefined,
  referenceField: string,
): Verification {
  const state = bs.stack.jira.state;
  const out: Verification = { checked: 0, missing: 0, examples: [] };
  const miss = (c: ZendeskChange, what: string): void => {
    out.missing += 1;
    if (out.examples.length < 5) out.examples.push(`ticket ${c.pair.ticketId} (${c.kind}): ${what}`);
  };
  for (const c of changes) {
    out.checked += 1;
    const id = issueOf(c);
    const issue = id === undefined ? undefined : state.issues.get(id);
    if (!issue) {
      miss(c, 'no issue');
      continue;
    }
    const { expect } = c;
    if (expect.summary !== undefined && issue.values.summary !== expect.summary)
      miss(c, `summary is "${String(issue.values.summary)}"`);
    else if (expect.reference !== undefined && issue.values[referenceField] !== expect.reference)
      miss(c, `reference is ${String(issue.values[referenceField])}`);
    else if (expect.category !== undefined && category(bs, issue.statusId) !== expect.category)
      miss(c, `status category is ${category(bs, issue.statusId)}, want ${expect.category}`);
    else if (
      expect.commentText !== undefined &&
      !issue.commentIds.some((cid) =>
        adfToText(state.comments.get(cid)?.body).includes(expect.commentText as string),
      )
    ) {
      miss(c, 'comment not copied');
    } else if (
      expect.fileName !== undefined &&
      !issue.attachmentIds.some((aid) => state.attachments.get(aid)?.filename === expect.fileName)
    ) {
      miss(c, 'attachment not copied');
    }
  }
  return out;
}

/** Jira → Zendesk: the change is on the linked ticket. */
export function verifyInZendesk(bs: BenchStack, changes: readonly JiraChange[]): Verification {
  const zd = bs.stack.zendesk.state;
  const out: Verification = { checked: 0, missing: 0, examples: [] };
  const miss = (c: JiraChange, what: string): void => {
    out.missing += 1;
    if (out.examples.length < 5) out.examples.push(`issue ${c.pair.issueKey} (${c.kind}): ${what}`);
  };
  for (const c of changes) {
    out.checked += 1;
    const ticket = zd.tickets.get(c.pair.ticketId);
    if (!ticket) {
      miss(c, 'no ticket');
      continue;
    }
    const { expect } = c;
    const comments = ticket.commentIds.map((id) => zd.comments.get(id)).filter((x) => x !== undefined);
    if (expect.subject !== undefined && ticket.subject !== expect.subject)
      miss(c, `subject is "${ticket.subject}"`);
    else if (expect.statusIn !== undefined && !expect.statusIn.includes(ticket.status))
      miss(c, `status is ${ticket.status}`);
    else if (
      expect.commentText !== undefined &&
      !comments.some(
        (cm) =>
          cm.plainBody.includes(expect.commentText as string) ||
          cm.body.includes(expect.commentText as string),
      )
    ) {
      miss(c, 'comment not copied');
    } else if (
      expect.fileName !== undefined &&
      !comments.some((cm) =>
        cm.attachmentIds.some((a) => zd.attachments.get(a)?.fileName === expect.fileName),
      )
    ) {
      miss(c, 'attachment not copied');
    }
  }
  return out;
}
