// src/sync/toZendesk/intent.ts: the Jira → Zendesk write-ahead intent (W1 before the Zendesk
// write, W2 after it), saved in the real link state through @forge/kvs against the Forge emulator.
import { describe, expect, it, vi } from 'vitest';
import { useStorageEmulator } from './emulator';
import { linkStateKey } from '../../src/storage/keys';
import { loadLinkState, type LinkStateRecord } from '../../src/sync/core/state';
import { PENDING_STALE_MS } from '../../src/sync/toZendesk/failures';
import { intentOf, recordDone, recordIntent } from '../../src/sync/toZendesk/intent';

const emu = useStorageEmulator();

const T0 = Date.parse('2026-12-06T12:00:00Z');
const stored = (): LinkStateRecord => emu.storage.get(linkStateKey('item-1', '10001')) as LinkStateRecord;

describe('intentOf', () => {
  const pending = { since: new Date(T0).toISOString(), comments: ['c1'], attachments: ['a1'] };

  it('none without a pending record or without the id under that kind', () => {
    expect(intentOf(undefined, 'comments', 'c1', T0)).toBe('none');
    expect(intentOf(pending, 'comments', 'a1', T0)).toBe('none');
    expect(intentOf(pending, 'attachments', 'c1', T0)).toBe('none');
  });

  it('fresh until the stale age, stale from it on (an event function cannot run that long)', () => {
    expect(intentOf(pending, 'comments', 'c1', T0)).toBe('fresh');
    expect(intentOf(pending, 'attachments', 'a1', T0 + PENDING_STALE_MS - 1)).toBe('fresh');
    expect(intentOf(pending, 'attachments', 'a1', T0 + PENDING_STALE_MS)).toBe('stale');
    expect(PENDING_STALE_MS).toBeGreaterThan(55_000);
  });

  it('an unreadable time is stale (whoever wrote it is not trusted to be still running)', () => {
    expect(intentOf({ ...pending, since: 'not a date' }, 'comments', 'c1', T0)).toBe('stale');
  });

  it('defaults to the current time', () => {
    const old = { ...pending, since: new Date(Date.now() - PENDING_STALE_MS - 1_000).toISOString() };
    expect(intentOf(old, 'comments', 'c1')).toBe('stale');
    const now = { ...pending, since: new Date().toISOString() };
    expect(intentOf(now, 'comments', 'c1')).toBe('fresh');
  });
});

describe('recordIntent (W1) and recordDone (W2)', () => {
  it('W1 is saved before anything else happens, even for a link that had no state yet', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const state = await loadLinkState('item-1', '10001');
    expect(state.existed).toBe(false);
    await recordIntent(state, 'comments', 'c1');
    expect(stored().fromJira.pending).toEqual({
      since: new Date(T0).toISOString(),
      comments: ['c1'],
      attachments: [],
    });
  });

  it('W1 adds to what is pending, once per id, and refreshes the time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const state = await loadLinkState('item-1', '10001');
    await recordIntent(state, 'attachments', 'a1');
    vi.setSystemTime(T0 + 5_000);
    await recordIntent(state, 'comments', 'c1');
    await recordIntent(state, 'comments', 'c1');
    const reloaded = await loadLinkState('item-1', '10001');
    expect(reloaded.record.fromJira.pending).toEqual({
      since: new Date(T0 + 5_000).toISOString(),
      comments: ['c1'],
      attachments: ['a1'],
    });
    await recordIntent(reloaded, 'attachments', 'a2');
    expect(stored().fromJira.pending?.attachments).toEqual(['a1', 'a2']);
    expect(stored().fromJira.pending?.comments).toEqual(['c1']);
  });

  it('W2 moves the id into the done set and leaves the other pending ids', async () => {
    const state = await loadLinkState('item-1', '10001');
    await recordIntent(state, 'comments', 'c1');
    await recordIntent(state, 'comments', 'c2');
    await recordIntent(state, 'attachments', 'a1');
    const since = stored().fromJira.pending?.since;
    await recordDone(state, 'comments', 'c1');
    expect(stored().fromJira.pending).toEqual({ since, comments: ['c2'], attachments: ['a1'] });
    const reloaded = await loadLinkState('item-1', '10001');
    expect(await reloaded.jiraComments.has('c1')).toBe(true);
    expect(await reloaded.jiraComments.has('c2')).toBe(false);
    expect(await reloaded.jiraAttachments.has('c1')).toBe(false);
  });

  it('W2 of the last pending id removes the pending record', async () => {
    const state = await loadLinkState('item-1', '10001');
    await recordIntent(state, 'attachments', 'a1');
    await recordIntent(state, 'comments', 'c1');
    await recordDone(state, 'attachments', 'a1');
    expect(stored().fromJira.pending).toEqual(expect.objectContaining({ comments: ['c1'], attachments: [] }));
    expect(await (await loadLinkState('item-1', '10001')).jiraAttachments.has('a1')).toBe(true);
    await recordDone(state, 'comments', 'c1');
    expect(stored().fromJira.pending).toBeUndefined();
    expect('pending' in stored().fromJira).toBe(false);
  });

  it('W2 keeps the record while ids of its own kind are still pending, and drops it after the last of any kind', async () => {
    const state = await loadLinkState('item-1', '10001');
    await recordIntent(state, 'comments', 'c1');
    await recordIntent(state, 'comments', 'c2');
    await recordDone(state, 'comments', 'c1');
    expect(stored().fromJira.pending).toEqual(expect.objectContaining({ comments: ['c2'], attachments: [] }));
    const files = await loadLinkState('item-1', '10002');
    await recordIntent(files, 'attachments', 'a1');
    await recordDone(files, 'attachments', 'a1');
    const record = emu.storage.get(linkStateKey('item-1', '10002')) as LinkStateRecord;
    expect(record.fromJira.pending).toBeUndefined();
  });

  it('W2 without a W1 (found on the ticket) still records the id as done, saving a new state', async () => {
    const state = await loadLinkState('item-1', '10001');
    await recordDone(state, 'comments', 'c9');
    expect(stored()).toBeDefined();
    expect(stored().fromJira.pending).toBeUndefined();
    expect(await (await loadLinkState('item-1', '10001')).jiraComments.has('c9')).toBe(true);
  });
});
