/**
 * The panel's Link as the dialog makes it: a ticket of a synchronized item is answered with the
 * preview of the first synchronization and linked when sent again with that preview's
 * fingerprint; other items link at once. Answers the card, or the refusal.
 */
import type { Stack } from '../../sandbox/stack';
import type { LinkOutcome, PanelCard, Result } from '../../src/domain/rpc';
import { linkKey, linkStateKey, ticketIndexKey } from '../../src/storage/keys';

export type LinkPayload = { itemId: string; recordId: string; confirm?: string };

export async function linkConfirmed(
  send: (payload: LinkPayload) => Promise<Result<LinkOutcome>>,
  itemId: string,
  recordId: string,
): Promise<Result<PanelCard>> {
  let answer = await send({ itemId, recordId });
  if (answer.ok && answer.data.kind === 'confirm')
    answer = await send({ itemId, recordId, confirm: answer.data.preview.fingerprint });
  if (!answer.ok) return answer;
  if (answer.data.kind !== 'linked') throw new Error('the link asked again after its own preview');
  return { ok: true, data: answer.data.card };
}

/**
 * What "nothing changes" is checked against around a link preview or a Cancel: the writes either
 * service has answered so far, and the link's records (link, ticket index entry, sync state).
 */
export function linkFootprint(stack: Stack, itemId: string, issueId: string, ticketId: number) {
  return {
    jiraWrites: stack.jira.log.entries().filter((e) => e.method !== 'GET').length,
    zendeskWrites: stack.zendesk.log.entries().filter((e) => e.method !== 'GET').length,
    link: stack.emulator.storage.get(linkKey(itemId, issueId)) ?? null,
    index: stack.emulator.storage.get(ticketIndexKey(String(ticketId))) ?? null,
    state: stack.emulator.storage.get(linkStateKey(itemId, issueId)) ?? null,
  };
}
