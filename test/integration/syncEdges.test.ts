/**
 * Edge cases of the Zendesk → Jira pass, end to end through the emulator.
 *
 * Zendesk's updated_at has whole seconds. A ticket linked (and read) from the panel in the
 * same second as a later agent comment keeps the same updated_at; the next scheduled run
 * must still copy that comment instead of taking "same updated_at" for "nothing new".
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LinkOutcome, PanelCard, Result } from '../../src/domain/rpc';
import { adfToText } from '../../src/jira/adf';
import { connectDirect } from '../support/connection';
import { newIssue } from '../support/issuePanel';
import { NO_FEATURES, saveItems, SUP, supportTicketItem, TASK } from '../support/items';
import { linkConfirmed } from '../support/panelLink';
import { linkKey } from '../../src/storage/keys';

const stack = useStack({ zendesk: { seed: false } });

beforeAll(() => {
  connectDirect(stack);
  const item = supportTicketItem('same-second', '2026-01-01T00:00:00.000Z', {
    name: 'Support tickets',
    features: { ...NO_FEATURES, commentSync: true },
  });
  // A one-way pass reads the issue and so sees a move the move event did not report; a two-way
  // pass decides from its memory and leaves moves to the event and the panel.
  saveItems(stack, item, { ...item, id: 'one-way', syncMode: 'oneWay' });
});

/** The issue panel's context for the agent on `issue`. */
const panelContext = (issue: { id: string; key: string }) => ({
  accountId: stack.user('agent').accountId,
  extension: { type: 'jira:issuePanel', issue: { id: issue.id, key: issue.key }, project: { ...SUP } },
});

/** Links the ticket from the issue panel as the agent, confirming the preview as the dialog does. */
function linkFromPanel(
  itemId: string,
  ticketId: number,
  issue: { id: string; key: string },
): Promise<Result<PanelCard>> {
  return linkConfirmed(
    async (payload) =>
      (await stack.emulator.callResolver(
        'panel-resolver',
        { functionKey: 'link', payload },
        panelContext(issue),
      )) as Result<LinkOutcome>,
    itemId,
    String(ticketId),
  );
}

describe('a change in the same second as the panel read', () => {
  it('is copied by the next scheduled run', async () => {
    const issue = newIssue(stack, SUP, TASK, 'S');
    // Warm up (module loading) so the steps below fit in one second.
    await stack.emulator.invokeResolver(
      'panel-resolver',
      { functionKey: 'getPanel', payload: {} },
      panelContext(issue),
    );
    // The ticket's creation, the link's first pass and the comment below share one second
    // of the Zendesk clock (it only moves when advanced).
    const frozen = Math.ceil(stack.zendesk.clock.now() / 1000) * 1000 + 1000 + 5;
    stack.zendesk.clock.advance(frozen - stack.zendesk.clock.now());
    const ticketId = (
      stack.zendesk.control.createTicket({ subject: 'Same second', body: 'First words' }) as { id: number }
    ).id;
    const linked = await linkFromPanel('same-second', ticketId, issue);
    expect(linked.ok).toBe(true);
    stack.zendesk.control.addComment(ticketId, {
      body: 'Written in the same second',
      as: 'agent',
      public: true,
    });
    // On a loaded machine the steps may spill into the next second; the outcome asserted
    // below must hold either way, so that case only makes the test less sharp, not flaky.

    stack.zendesk.clock.advance(120_000);
    const run = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
    expect(run.status).toBe('ok');
    const texts = [...stack.jira.state.comments.values()]
      .filter((c) => String(c.issueId) === issue.id)
      .map((c) => adfToText(c.body));
    expect(texts.filter((t) => t.includes('Written in the same second'))).toHaveLength(1);
  });
});

describe('an issue moved to another project', () => {
  it('keeps its link, and the next pass replaces the Zendesk-side link with the new key', async () => {
    const issue = newIssue(stack, SUP, TASK, 'Moves later');
    const ticketId = (
      stack.zendesk.control.createTicket({ subject: 'Moving', body: 'Hello' }) as { id: number }
    ).id;
    const linked = await linkFromPanel('one-way', ticketId, issue);
    expect(linked.ok).toBe(true);
    const zendeskLinks = () =>
      stack.zendesk.control
        .listJiraLinks()
        .filter((l) => String((l as { ticket_id: unknown }).ticket_id) === String(ticketId));
    expect(zendeskLinks()).toMatchObject([{ issue_id: issue.id, issue_key: issue.key }]);

    const moved = stack.jira.control.moveIssue('admin', issue.id, 'ENG');
    stack.zendesk.clock.advance(2_000);
    stack.zendesk.control.addComment(ticketId, { body: 'After the move', as: 'agent', public: true });
    stack.zendesk.clock.advance(120_000);
    expect((await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync')).status).toBe('ok');

    const link = stack.emulator.storage.get(linkKey('one-way', issue.id)) as {
      issueKey: string;
      zendeskLink: { state: string };
    };
    expect(link.issueKey).toBe(moved.key);
    expect(link.zendeskLink.state).toBe('registered');
    expect(zendeskLinks()).toMatchObject([{ issue_id: issue.id, issue_key: moved.key }]);
  });
});
