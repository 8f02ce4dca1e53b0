import { defaultPriorityMap } from '../../../../src/domain/valueMaps';
import { describe, expect, it } from 'vitest';
import { adfToText, textToAdf } from '../../../../src/jira/adf';
import type { JiraField } from '../../../../src/jira/schemas';
import {
  comparableFromJira,
  convertToJira,
  jiraFieldKind,
  readTicketField,
  sameComparable,
  type ConversionHelpers,
  type ZendeskFieldValue,
} from '../../../../src/sync/core/fields';
import type { ZendeskTicket } from '../../../../src/zendesk/schemas';

const CUSTOM = 'com.atlassian.jira.plugin.system.customfieldtypes:';
const field = (id: string, schema: JiraField['schema']): JiraField => ({
  id,
  name: id,
  custom: id.startsWith('customfield_'),
  ...(schema ? { schema } : {}),
});

const F = {
  summary: field('summary', { type: 'string', system: 'summary' }),
  description: field('description', { type: 'string', system: 'description' }),
  text: field('customfield_1', { type: 'string', custom: `${CUSTOM}textfield` }),
  textarea: field('customfield_2', { type: 'string', custom: `${CUSTOM}textarea` }),
  priority: field('priority', { type: 'priority', system: 'priority' }),
  option: field('customfield_3', { type: 'option', custom: `${CUSTOM}select` }),
  options: field('customfield_4', { type: 'array', items: 'option', custom: `${CUSTOM}multiselect` }),
  labels: field('labels', { type: 'array', items: 'string', system: 'labels' }),
  date: field('duedate', { type: 'date', system: 'duedate' }),
  datetime: field('customfield_5', { type: 'datetime', custom: `${CUSTOM}datetime` }),
  number: field('customfield_6', { type: 'number', custom: `${CUSTOM}float` }),
  user: field('assignee', { type: 'user', system: 'assignee' }),
};

/** The simulator's (Jira's default) scheme, as the sync reads it from the site. */
const SITE_PRIORITIES = defaultPriorityMap(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
const helpers: ConversionHelpers = { textToAdf, adfToText, valueMap: SITE_PRIORITIES };

function roundTrip(value: ZendeskFieldValue, f: JiraField, h: ConversionHelpers = helpers) {
  const conv = convertToJira(value, f, h);
  if (!conv.ok) throw new Error(`not converted: ${JSON.stringify(conv)}`);
  // What Jira would hand back after storing conv.value.
  return { conv, back: comparableFromJira(conv.value, f, adfToText) };
}

describe('Jira field kinds', () => {
  it.each([
    [F.summary, 'summary'],
    [F.description, 'rich'],
    [F.text, 'text'],
    [F.textarea, 'rich'],
    [F.priority, 'priority'],
    [F.option, 'option'],
    [F.options, 'options'],
    [F.labels, 'labels'],
    [F.date, 'date'],
    [F.datetime, 'datetime'],
    [F.number, 'number'],
    [F.user, 'unsupported'],
  ] as const)('%o', (f, kind) => {
    expect(jiraFieldKind(f)).toBe(kind);
  });
});

/** What `convertToJira` writes to Jira; a refusal or skip fails the test with its answer. */
function jiraValue(...args: Parameters<typeof convertToJira>): unknown {
  const converted = convertToJira(...args);
  if (!converted.ok) throw new Error(`not converted: ${JSON.stringify(converted)}`);
  return converted.value;
}

describe('Zendesk → Jira values', () => {
  it('maps priorities by name', () => {
    expect(jiraValue('low', F.priority, helpers)).toMatchObject({ name: 'Low' });
    expect(jiraValue('normal', F.priority, helpers)).toMatchObject({ name: 'Medium' });
    expect(jiraValue('high', F.priority, helpers)).toMatchObject({ name: 'High' });
    expect(jiraValue('urgent', F.priority, helpers)).toMatchObject({ name: 'Highest' });
    expect(convertToJira(null, F.priority, helpers)).toMatchObject({ ok: false, skip: true });
  });

  it('writes the priority the table names and never guesses a Jira name without one', () => {
    const renamed = { ...helpers, valueMap: { urgent: 'P1 - Blocker', low: 'P5 - Trivial' } };
    expect(jiraValue('urgent', F.priority, renamed)).toMatchObject({ name: 'P1 - Blocker' });
    expect(convertToJira('normal', F.priority, renamed)).toMatchObject({
      ok: false,
      code: 'NO_MATCHING_OPTION',
    });
    expect(convertToJira('low', F.priority, { textToAdf, adfToText })).toMatchObject({
      ok: false,
      code: 'NO_MATCHING_OPTION',
    });
  });

  it('matches options through the value table first', () => {
    const table = { ...helpers, valueMap: { impact_big: 'Large' }, jiraOptionValues: ['Large', 'Big'] };
    expect(jiraValue('impact_big', F.option, table)).toMatchObject({ value: 'Large' });
  });

  it('keeps the summary on one line within 255 characters and never clears it', () => {
    const long = `${'word '.repeat(80)}\nsecond line`;
    const conv = convertToJira(long, F.summary, helpers);
    expect(
      conv.ok && typeof conv.value === 'string' && conv.value.length === 255 && !conv.value.includes('\n'),
    ).toBe(true);
    expect(convertToJira('', F.summary, helpers)).toMatchObject({ ok: false, skip: true });
  });

  it('writes rich text as ADF and compares it through the same reader', () => {
    const text = 'Hello\n\n- one\n- two\n\nsee https://example.com/x.';
    const { conv, back } = roundTrip(text, F.textarea);
    expect((conv.value as { type: string }).type).toBe('doc');
    expect(sameComparable(conv.comparable, back)).toBe(true);
  });

  it('matches drop-down options by value, through the Zendesk option name, loosely', () => {
    const h: ConversionHelpers = {
      ...helpers,
      zendeskOptionName: (tag) => ({ product_widget: 'Widget', sales_emea: 'EMEA' })[tag],
      jiraOptionValues: ['Widget', 'Gadget', 'emea', 'high_impact'],
    };
    expect(jiraValue('product_widget', F.option, h)).toMatchObject({ value: 'Widget' });
    expect(jiraValue('sales_emea', F.option, h)).toMatchObject({ value: 'emea' });
    expect(jiraValue('high impact', F.option, h)).toMatchObject({ value: 'high_impact' });
    expect(convertToJira('unknown', F.option, h)).toMatchObject({
      ok: false,
      skip: false,
      code: 'NO_MATCHING_OPTION',
    });
    expect(convertToJira(null, F.option, h)).toMatchObject({ ok: true, value: null, comparable: null });
    const multi = roundTrip(['sales_emea', 'product_widget'], F.options, h);
    expect(multi.conv.value).toEqual([{ value: 'Widget' }, { value: 'emea' }]);
    expect(sameComparable(multi.conv.comparable, multi.back)).toBe(true);
  });

  it('turns tags into sorted labels without spaces', () => {
    const { conv, back } = roundTrip(['vip', 'b tag', 'vip'], F.labels);
    expect(conv.value).toEqual(['b_tag', 'vip']);
    expect(sameComparable(conv.comparable, back)).toBe(true);
    expect(convertToJira(null, F.labels, helpers)).toMatchObject({ ok: true, value: [], comparable: [] });
    expect(sameComparable(comparableFromJira(null, F.labels, adfToText), [])).toBe(true);
  });

  it('converts dates, date-times and numbers', () => {
    expect(convertToJira('2026-12-24', F.date, helpers)).toMatchObject({ ok: true, value: '2026-12-24' });
    expect(convertToJira('2026-12-24T23:30:00Z', F.date, helpers)).toMatchObject({
      ok: true,
      value: '2026-12-24',
    });
    expect(convertToJira('not a date', F.date, helpers)).toMatchObject({ ok: false, code: 'BAD_VALUE' });
    const dt = roundTrip('2026-12-24T10:00:00Z', F.datetime);
    expect(dt.conv.value).toBe('2026-12-24T10:00:00.000+0000');
    expect(sameComparable(dt.conv.comparable, dt.back)).toBe(true);
    expect(convertToJira('42.5', F.number, helpers)).toMatchObject({ ok: true, value: 42.5 });
    expect(convertToJira('abc', F.number, helpers)).toMatchObject({ ok: false, code: 'BAD_VALUE' });
  });

  it('refuses field types it cannot write', () => {
    expect(convertToJira('x', F.user, helpers)).toMatchObject({
      ok: false,
      skip: false,
      code: 'UNSUPPORTED_FIELD_TYPE',
    });
  });

  it('round-trips every supported kind to an equal comparable (so a second run writes nothing)', () => {
    const cases: [ZendeskFieldValue, JiraField][] = [
      ['Subject', F.summary],
      ['Plain text', F.text],
      ['Line one\nline two', F.description],
      ['urgent', F.priority],
      [['a', 'b'], F.labels],
      ['2026-01-02', F.date],
      [7, F.number],
    ];
    for (const [value, f] of cases) {
      const { conv, back } = roundTrip(value, f);
      expect({ f: f.id, same: sameComparable(conv.comparable, back) }).toEqual({ f: f.id, same: true });
    }
  });
});

describe('reading Zendesk ticket fields', () => {
  const ticket = {
    id: 5,
    subject: 'S',
    description: 'D',
    priority: 'high',
    status: 'open',
    type: 'incident',
    tags: ['t'],
    due_at: null,
    custom_fields: [
      { id: 100, value: 'product_widget' },
      { id: 101, value: ['a', 'b'] },
      { id: 102, value: null },
    ],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  } as unknown as ZendeskTicket;

  it('reads standard attributes by name and custom fields by id', () => {
    expect(readTicketField(ticket, 'subject')).toEqual({ found: true, value: 'S' });
    expect(readTicketField(ticket, 'tickettype')).toEqual({ found: true, value: 'incident' });
    expect(readTicketField(ticket, 'tags')).toEqual({ found: true, value: ['t'] });
    expect(readTicketField(ticket, '100')).toEqual({ found: true, value: 'product_widget' });
    expect(readTicketField(ticket, '101')).toEqual({ found: true, value: ['a', 'b'] });
    expect(readTicketField(ticket, '102')).toEqual({ found: true, value: null });
    expect(readTicketField(ticket, '999')).toEqual({ found: false });
  });

  it('resolves numeric ids of system fields through the ticket-field catalog', () => {
    expect(readTicketField(ticket, '7', new Map([['7', 'priority']]))).toEqual({
      found: true,
      value: 'high',
    });
  });
});
