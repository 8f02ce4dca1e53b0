/**
 * Jira → Zendesk conversions used by the event handlers: priority normalization (names and
 * catalog position), status categories, field values by Jira kind and Zendesk target.
 */
import { describe, expect, it } from 'vitest';
import { adfToText, textToAdf } from '../../../../src/jira/adf';
import type { JiraField, JiraPriority } from '../../../../src/jira/schemas';
import {
  priorityByPosition,
  toZendeskPriority,
  zendeskPriorityFromText,
} from '../../../../src/sync/toZendesk/priority';
import { decideZendeskStatus } from '../../../../src/sync/toZendesk/statusDecision';
import { readJiraValue } from '../../../../src/sync/toZendesk/jiraValue';
import { resolveZendeskTarget, type ZendeskTarget } from '../../../../src/sync/toZendesk/zendeskTarget';
import {
  addWrite,
  fieldOwnedTags,
  ticketHas,
  toZendeskWrite,
  type WriteHelpers,
} from '../../../../src/sync/toZendesk/zendeskValue';
import type { ZendeskTicketUpdate } from '../../../../src/zendesk/client';
import { ticketSchema, type ZendeskTicketField } from '../../../../src/zendesk/schemas';

const DEFAULT_CATALOG: JiraPriority[] = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];

describe('priority normalization', () => {
  it('maps every Jira default priority by name', () => {
    const got = DEFAULT_CATALOG.map((p) => toZendeskPriority({ id: p.id, name: p.name }, DEFAULT_CATALOG));
    expect(got).toEqual(['urgent', 'high', 'normal', 'low', 'low']);
  });

  it('matches default names without regard to case or spacing, even outside the catalog', () => {
    expect(toZendeskPriority({ name: ' HIGHEST ' }, [])).toBe('urgent');
    expect(toZendeskPriority({ name: 'medium' }, [])).toBe('normal');
  });

  it('places custom names by their position in the catalog', () => {
    const catalog: JiraPriority[] = [
      { id: '10', name: 'P0 - Outage' },
      { id: '11', name: 'P1 - Critical' },
      { id: '12', name: 'P2 - Major' },
      { id: '13', name: 'P3 - Minor' },
    ];
    expect(catalog.map((p) => toZendeskPriority({ id: p.id }, catalog))).toEqual([
      'urgent',
      'high',
      'normal',
      'low',
    ]);
    // By name when the id is unknown (a renamed priority read from another site's copy).
    expect(toZendeskPriority({ name: 'p2 - major' }, catalog)).toBe('normal');
  });

  it('mixes names and positions: defaults keep their meaning, custom entries take their place', () => {
    const catalog: JiraPriority[] = [
      { id: '20', name: 'Blocker' },
      ...DEFAULT_CATALOG,
      { id: '21', name: 'Cosmetic' },
    ];
    expect(toZendeskPriority({ id: '20' }, catalog)).toBe('urgent');
    expect(toZendeskPriority({ id: '3', name: 'Medium' }, catalog)).toBe('normal');
    expect(toZendeskPriority({ id: '21' }, catalog)).toBe('low');
  });

  it('spreads catalogs of any length over the four levels', () => {
    expect(priorityByPosition(0, 1)).toBe('normal');
    expect([0, 1].map((i) => priorityByPosition(i, 2))).toEqual(['urgent', 'low']);
    expect([0, 1, 2].map((i) => priorityByPosition(i, 3))).toEqual(['urgent', 'normal', 'low']);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => priorityByPosition(i, 7))).toEqual([
      'urgent',
      'high',
      'high',
      'normal',
      'normal',
      'low',
      'low',
    ]);
  });

  it('never invents a value for a priority neither named nor in the catalog', () => {
    expect(toZendeskPriority({ id: '99', name: 'Whatever' }, DEFAULT_CATALOG)).toBeNull();
    expect(zendeskPriorityFromText('Whatever')).toBeNull();
    expect(zendeskPriorityFromText('URGENT')).toBe('urgent');
    expect(zendeskPriorityFromText('Lowest')).toBe('low');
  });
});

describe('status categories', () => {
  const decide = (
    jiraCategory: string | null,
    zendeskStatus: string,
    last?: { zendesk: string; jiraCategory: string },
  ) => decideZendeskStatus({ jiraCategory, zendeskStatus, last });

  it('moves the ticket to the status of the Jira category', () => {
    expect(decide('indeterminate', 'new')).toEqual({ action: 'set', status: 'open' });
    expect(decide('done', 'open')).toEqual({ action: 'set', status: 'solved' });
    expect(decide('done', 'pending')).toEqual({ action: 'set', status: 'solved' });
    expect(decide('indeterminate', 'solved')).toEqual({ action: 'set', status: 'open' });
  });

  it('keeps pending and hold for indeterminate, and closed for done', () => {
    for (const s of ['open', 'pending', 'hold'])
      expect(decide('indeterminate', s)).toEqual({ action: 'none', remember: true });
    for (const s of ['solved', 'closed'])
      expect(decide('done', s)).toEqual({ action: 'none', remember: true });
    expect(decide('new', 'new')).toEqual({ action: 'none', remember: true });
  });

  it('reports what Zendesk cannot do instead of trying', () => {
    expect(decide('new', 'open')).toEqual({ action: 'limitation', reason: 'no-return-to-new' });
    expect(decide('new', 'solved')).toEqual({ action: 'limitation', reason: 'no-return-to-new' });
    expect(decide('indeterminate', 'closed')).toEqual({ action: 'limitation', reason: 'closed' });
  });

  it('does not undo a Zendesk change when Jira kept the category it last synchronized', () => {
    // Zendesk moved open → solved (the scheduler will carry it to Jira); Jira moved within "indeterminate".
    expect(decide('indeterminate', 'solved', { zendesk: 'open', jiraCategory: 'indeterminate' })).toEqual({
      action: 'none',
      remember: false,
    });
  });

  it('ignores statuses without a category', () => {
    expect(decide('undefined', 'open')).toEqual({ action: 'none', remember: false });
    expect(decide(null, 'open')).toEqual({ action: 'none', remember: false });
  });
});

const field = (id: string, schema: JiraField['schema']): JiraField => ({
  id,
  name: id,
  custom: id.startsWith('customfield_'),
  ...(schema ? { schema } : {}),
});
const SUMMARY = field('summary', { type: 'string', system: 'summary' });
const DESCRIPTION = field('description', { type: 'string', system: 'description' });
const PRIORITY = field('priority', { type: 'priority', system: 'priority' });
const LABELS = field('labels', { type: 'array', items: 'string', system: 'labels' });
const SELECT = field('customfield_10041', {
  type: 'option',
  custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
});
const NUMBER = field('customfield_10042', {
  type: 'number',
  custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
});
const DATE = field('duedate', { type: 'date', system: 'duedate' });
const USER = field('assignee', { type: 'user', system: 'assignee' });

const ticketField = (
  id: number,
  type: string,
  title: string,
  extra: Partial<ZendeskTicketField> = {},
): ZendeskTicketField => ({
  id,
  type,
  title,
  removable: true,
  active: true,
  ...extra,
});
const FIELDS = new Map<string, ZendeskTicketField>(
  [
    ticketField(1, 'subject', 'Subject', { removable: false }),
    ticketField(2, 'description', 'Description', { removable: false }),
    ticketField(3, 'priority', 'Priority', { removable: false }),
    ticketField(10, 'tagger', 'Product', {
      custom_field_options: [
        { name: 'Widget', value: 'product_widget' },
        { name: 'Gadget Pro', value: 'product_gadget_pro' },
      ],
    }),
    ticketField(11, 'multiselect', 'Components', {
      custom_field_options: [
        { name: 'API', value: 'comp_api' },
        { name: 'Web UI', value: 'comp_ui' },
      ],
    }),
    ticketField(12, 'text', 'Reference'),
    ticketField(13, 'integer', 'Impacted users'),
    ticketField(14, 'date', 'Target date'),
    ticketField(15, 'checkbox', 'Escalated', { tag: 'escalated' }),
    ticketField(16, 'textarea', 'Steps'),
    ticketField(17, 'lookup', 'Related'),
    ticketField(18, 'text', 'Old', { active: false }),
  ].map((f) => [String(f.id), f]),
);

const helpers: WriteHelpers = { priority: (p) => toZendeskPriority(p, DEFAULT_CATALOG), ownedTags: [] };
const target = (id: string): ZendeskTarget => resolveZendeskTarget(id, FIELDS);
const convert = (raw: unknown, jira: JiraField, zendeskFieldId: string, h: WriteHelpers = helpers) =>
  toZendeskWrite(readJiraValue(raw, jira, adfToText), target(zendeskFieldId), h);

describe('field values Jira → Zendesk', () => {
  it('resolves standard attributes by name and system fields by catalog type', () => {
    expect(target('subject')).toEqual({ kind: 'attribute', attribute: 'subject' });
    expect(target('1')).toEqual({ kind: 'attribute', attribute: 'subject' });
    expect(target('3')).toEqual({ kind: 'attribute', attribute: 'priority' });
    expect(target('2').kind).toBe('readonly');
    expect(target('description').kind).toBe('readonly');
    expect(target('999').kind).toBe('readonly');
    expect(target('18').kind).toBe('readonly');
    expect(target('10')).toMatchObject({ kind: 'custom', id: 10, type: 'tagger' });
  });

  it('summary and text become one-line subjects; a blank subject is refused', () => {
    expect(convert('  Printer   on fire ', SUMMARY, 'subject')).toEqual({
      ok: true,
      write: { attribute: 'subject', value: 'Printer on fire' },
    });
    expect(convert('', SUMMARY, 'subject')).toMatchObject({ ok: false });
  });

  it('ADF becomes plain text', () => {
    const doc = textToAdf('First line\n\nSecond paragraph');
    const res = convert(doc, DESCRIPTION, '16');
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.write).toEqual({ customFieldId: 16, value: 'First line\n\nSecond paragraph' });
    expect(convert(doc, DESCRIPTION, 'description')).toMatchObject({ ok: false });
  });

  it('priorities are normalized and never sent raw; clearing is refused', () => {
    for (const [name, want] of [
      ['Highest', 'urgent'],
      ['High', 'high'],
      ['Medium', 'normal'],
      ['Low', 'low'],
      ['Lowest', 'low'],
    ] as const) {
      const id = DEFAULT_CATALOG.find((p) => p.name === name)?.id;
      expect(convert({ id, name }, PRIORITY, 'priority')).toEqual({
        ok: true,
        write: { attribute: 'priority', value: want },
      });
    }
    expect(convert({ id: '77', name: 'Custom thing' }, PRIORITY, 'priority')).toMatchObject({ ok: false });
    expect(convert(null, PRIORITY, 'priority')).toMatchObject({ ok: false });
    // A select mapped to priority goes through names only.
    expect(convert({ value: 'High' }, SELECT, 'priority')).toEqual({
      ok: true,
      write: { attribute: 'priority', value: 'high' },
    });
  });

  it('options become the Zendesk option tag, matched by tag, name or loosely by name', () => {
    expect(convert({ value: 'Widget' }, SELECT, '10')).toEqual({
      ok: true,
      write: { customFieldId: 10, value: 'product_widget' },
    });
    expect(convert({ value: 'gadget-pro' }, SELECT, '10')).toEqual({
      ok: true,
      write: { customFieldId: 10, value: 'product_gadget_pro' },
    });
    expect(convert({ value: 'product_widget' }, SELECT, '10')).toEqual({
      ok: true,
      write: { customFieldId: 10, value: 'product_widget' },
    });
    expect(convert({ value: 'Sprocket' }, SELECT, '10')).toMatchObject({ ok: false });
    expect(convert(null, SELECT, '10')).toEqual({ ok: true, write: { customFieldId: 10, value: null } });
  });

  it('labels become tags (lower case, split on spaces), keeping the tags the ticket fields own', () => {
    const res = convert(['Billing', 'VIP', 'vip'], LABELS, 'tags', {
      ...helpers,
      ownedTags: ['product_widget'],
    });
    expect(res).toEqual({
      ok: true,
      write: { attribute: 'tags', value: ['billing', 'vip', 'product_widget'] },
    });
    expect(convert(['API', 'Web UI'], LABELS, '11')).toEqual({
      ok: true,
      write: { customFieldId: 11, value: ['comp_api', 'comp_ui'] },
    });
    expect(convert(['API', 'Nope'], LABELS, '11')).toMatchObject({ ok: false });
  });

  it('numbers, dates and checkboxes follow the Zendesk field type', () => {
    expect(convert(42, NUMBER, '13')).toEqual({ ok: true, write: { customFieldId: 13, value: 42 } });
    expect(convert(4.5, NUMBER, '13')).toMatchObject({ ok: false });
    expect(convert(null, NUMBER, '13')).toEqual({ ok: true, write: { customFieldId: 13, value: null } });
    expect(convert('2026-12-24', DATE, '14')).toEqual({
      ok: true,
      write: { customFieldId: 14, value: '2026-12-24' },
    });
    expect(convert('2026-12-24', DATE, 'due_at')).toEqual({
      ok: true,
      write: { attribute: 'due_at', value: '2026-12-24T00:00:00Z' },
    });
    expect(convert({ value: 'Yes' }, SELECT, '15')).toEqual({
      ok: true,
      write: { customFieldId: 15, value: true },
    });
    expect(convert({ value: 'Maybe' }, SELECT, '15')).toMatchObject({ ok: false });
  });

  it('refuses what cannot be carried over', () => {
    expect(convert({ accountId: 'x' }, USER, '12')).toMatchObject({ ok: false });
    expect(convert('x', SUMMARY, '17')).toMatchObject({ ok: false });
    expect(convert('x', SUMMARY, 'assignee_id')).toMatchObject({ ok: false });
    expect(convert('Question', SUMMARY, 'type')).toEqual({
      ok: true,
      write: { attribute: 'type', value: 'question' },
    });
    expect(convert('Bug', SUMMARY, 'type')).toMatchObject({ ok: false });
  });
});

describe('the ticket side', () => {
  const ticket = ticketSchema.parse({
    id: 7,
    subject: 'Printer on fire',
    status: 'open',
    priority: 'high',
    due_at: '2026-12-24T00:00:00Z',
    tags: ['billing', 'product_widget', 'escalated'],
    custom_fields: [
      { id: 10, value: 'product_widget' },
      { id: 11, value: ['comp_ui', 'comp_api'] },
      { id: 13, value: '42' },
      { id: 15, value: true },
    ],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  });

  it('knows when the ticket already holds the value', () => {
    expect(ticketHas(ticket, { attribute: 'subject', value: 'Printer  on fire' })).toBe(true);
    expect(ticketHas(ticket, { attribute: 'priority', value: 'urgent' })).toBe(false);
    expect(ticketHas(ticket, { attribute: 'tags', value: ['escalated', 'billing', 'product_widget'] })).toBe(
      true,
    );
    expect(ticketHas(ticket, { customFieldId: 11, value: ['comp_api', 'comp_ui'] })).toBe(true);
    expect(ticketHas(ticket, { customFieldId: 13, value: 42 })).toBe(true);
    expect(ticketHas(ticket, { customFieldId: 12, value: null })).toBe(true);
    expect(ticketHas(ticket, { attribute: 'due_at', value: '2026-12-24T00:00:00.000Z' })).toBe(true);
    expect(ticketHas(ticket, { customFieldId: 16, value: false })).toBe(true);
  });

  it('lists the tags drop-downs and checkboxes own', () => {
    expect(fieldOwnedTags(ticket, FIELDS).sort()).toEqual([
      'comp_api',
      'comp_ui',
      'escalated',
      'product_widget',
    ]);
    expect(fieldOwnedTags(ticket, null)).toEqual([]);
  });

  it('builds one update body from several writes', () => {
    const update: ZendeskTicketUpdate = {};
    addWrite(update, { attribute: 'subject', value: 'A' });
    addWrite(update, { customFieldId: 12, value: 'x' });
    addWrite(update, { customFieldId: 12, value: 'y' });
    addWrite(update, { attribute: 'priority', value: 'low' });
    expect(update).toEqual({ subject: 'A', priority: 'low', custom_fields: [{ id: 12, value: 'y' }] });
  });
});
