/**
 * The write-ahead record of this direction (state.ts `fromJira.pending`, docs/sync-model.md
 * § Jira → Zendesk, Idempotency): the Jira comment or attachment id is saved before its Zendesk
 * write (W1) and moved into the done set after it (W2), each a state save of its own.
 *
 * What a later delivery finds tells it what happened:
 * - id in the done set: finished;
 * - id pending and fresh: another invocation may be writing it now;
 * - id pending and stale: an attempt died between W1 and W2; the ticket says whether its write landed.
 */
import { PENDING_STALE_MS } from './failures';
import type { LinkState, PendingFromJira } from '../core/state';

export type IntentKind = 'comments' | 'attachments';
export type Intent = 'none' | 'fresh' | 'stale';

export function intentOf(
  pending: PendingFromJira | undefined,
  kind: IntentKind,
  id: string,
  now: number = Date.now(),
): Intent {
  if (!pending || !pending[kind].includes(id)) return 'none';
  const since = Date.parse(pending.since);
  return Number.isNaN(since) || now - since >= PENDING_STALE_MS ? 'stale' : 'fresh';
}

/** W1: saved before the Zendesk write. */
export async function recordIntent(state: LinkState, kind: IntentKind, id: string): Promise<void> {
  const current = state.record.fromJira.pending;
  const next: PendingFromJira = {
    since: new Date().toISOString(),
    comments: current?.comments ?? [],
    attachments: current?.attachments ?? [],
  };
  next[kind] = [...new Set([...next[kind], id])];
  state.record.fromJira.pending = next;
  if (!state.existed) state.markDirty();
  await state.save();
}

/** W2: the id is done (written, found on the ticket, or given up with a recorded problem). */
export async function recordDone(state: LinkState, kind: IntentKind, id: string): Promise<void> {
  await (kind === 'comments' ? state.jiraComments : state.jiraAttachments).add([id]);
  const pending = state.record.fromJira.pending;
  if (pending) {
    const rest = pending[kind].filter((x) => x !== id);
    const other = kind === 'comments' ? pending.attachments : pending.comments;
    if (rest.length === 0 && other.length === 0) delete state.record.fromJira.pending;
    else state.record.fromJira.pending = { ...pending, [kind]: rest };
  }
  if (!state.existed) state.markDirty();
  await state.save();
}
