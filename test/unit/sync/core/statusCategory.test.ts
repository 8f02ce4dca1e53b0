import { describe, expect, it } from 'vitest';
import {
  categoryForZendeskStatus,
  decideStatus,
  pickTransition,
  type TransitionChoice,
} from '../../../../src/sync/core/statusCategory';

describe('Zendesk status → Jira category', () => {
  it.each([
    ['new', 'new'],
    ['open', 'indeterminate'],
    ['pending', 'indeterminate'],
    ['hold', 'indeterminate'],
    ['solved', 'done'],
    ['closed', 'done'],
    ['OPEN', 'indeterminate'],
  ])('%s → %s', (zendesk, jira) => {
    expect(categoryForZendeskStatus(zendesk)).toBe(jira);
  });

  it('has no category for deleted or unknown statuses', () => {
    expect(categoryForZendeskStatus('deleted')).toBeNull();
    expect(categoryForZendeskStatus('')).toBeNull();
    expect(categoryForZendeskStatus(undefined)).toBeNull();
  });
});

const t = (id: string, toId: string, key: string, extra?: Partial<TransitionChoice>): TransitionChoice => ({
  id,
  to: { id: toId, statusCategory: { key } },
  ...extra,
});

describe('transition choice', () => {
  const list = [
    t('11', '1', 'new'),
    t('21', '3', 'indeterminate'),
    t('22', '4', 'indeterminate'),
    t('31', '5', 'done'),
  ];

  it('takes the first transition into the target category', () => {
    expect(pickTransition(list, 'indeterminate')?.id).toBe('21');
    expect(pickTransition(list, 'done')?.id).toBe('31');
  });

  it('skips unavailable transitions and loops to the current status', () => {
    const withUnavailable = [t('21', '3', 'indeterminate', { isAvailable: false }), ...list];
    expect(pickTransition(withUnavailable, 'indeterminate')?.id).toBe('21');
    expect(
      pickTransition(
        [t('21', '3', 'indeterminate', { isAvailable: false }), t('22', '4', 'indeterminate')],
        'indeterminate',
      )?.id,
    ).toBe('22');
    expect(pickTransition(list, 'indeterminate', '3')?.id).toBe('22');
  });

  it('answers null when no transition reaches the category', () => {
    expect(pickTransition([t('11', '1', 'new')], 'done')).toBeNull();
    expect(pickTransition([], 'new')).toBeNull();
  });
});

describe('status decision', () => {
  const base = { mode: 'oneWay' as const, held: false, lastZendeskStatus: undefined };
  /** A link whose last seen Zendesk status was open. */
  const wasOpen = (mode: 'oneWay' | 'twoWay') => ({ mode, held: false, lastZendeskStatus: 'open' });

  it('moves only when the category differs', () => {
    expect(decideStatus({ ...base, zendeskStatus: 'open', jiraCategory: 'indeterminate' })).toEqual({
      action: 'none',
      reason: 'same-category',
    });
    expect(decideStatus({ ...base, zendeskStatus: 'solved', jiraCategory: 'indeterminate' })).toEqual({
      action: 'transition',
      target: 'done',
    });
  });

  it('never moves a held issue', () => {
    expect(decideStatus({ ...base, held: true, zendeskStatus: 'solved', jiraCategory: 'new' })).toEqual({
      action: 'none',
      reason: 'held',
    });
  });

  it('two-way: leaves a Jira-side change alone while the Zendesk status is unchanged', () => {
    expect(decideStatus({ ...wasOpen('twoWay'), zendeskStatus: 'open', jiraCategory: 'done' })).toEqual({
      action: 'none',
      reason: 'jira-changed',
    });
    expect(
      decideStatus({ ...wasOpen('twoWay'), zendeskStatus: 'solved', jiraCategory: 'indeterminate' }),
    ).toEqual({ action: 'transition', target: 'done' });
  });

  it('one-way: Zendesk is the source of truth even when it did not change', () => {
    expect(decideStatus({ ...wasOpen('oneWay'), zendeskStatus: 'open', jiraCategory: 'done' })).toEqual({
      action: 'transition',
      target: 'indeterminate',
    });
  });

  it('ignores statuses without a category', () => {
    expect(decideStatus({ ...base, zendeskStatus: 'deleted', jiraCategory: 'new' })).toEqual({
      action: 'none',
      reason: 'no-mapping',
    });
  });
});
