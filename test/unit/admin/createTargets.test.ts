/**
 * The mapping editor's safety rules on the server: one test per compatibility rule (every
 * Zendesk field type × Jira field kind; an allowed pair must convert a real value, a refused
 * pair must be refused with both names), the create-screen rule (read-only and off-screen
 * targets), value tables, and each create-field coverage case, including "no issue type chosen".
 */
import { describe, expect, it } from 'vitest';
import { COMPATIBILITY, JIRA_FIELD_KINDS, type JiraFieldKind } from '../../../src/domain/fieldCompatibility';
import type { JiraFieldInfo, ZendeskFieldInfo } from '../../../src/domain/rpc';
import { NO_FEATURES } from '../../../src/domain/types';
import { defaultPriorityMap } from '../../../src/domain/valueMaps';
import { adfToText, textToAdf } from '../../../src/jira/adf';
import type { JiraField, JiraFieldCreateMetadata } from '../../../src/jira/schemas';
import type { SaveItemInput } from '../../../src/domain/types';
import { buildItem, checkItem, coverageWarnings } from '../../../src/admin/itemRules';
import { createTargets, mappingProblems, valueWarnings } from '../../../src/admin/createTargets';
import { convertToJira, type ZendeskFieldValue } from '../../../src/sync/core/fields';
import { createMetaPage, jiraWith, SUPPORT_ISSUE_TYPES } from '../../support/jiraStandIn';
import { fieldOptions } from '../../support/zendeskFields';

// ---------- compatibility: one test per rule ----------

/** A Jira field of each kind, with the schema GET /rest/api/3/field gives it. */
const JIRA_OF_KIND: Record<Exclude<JiraFieldKind, 'unsupported'>, Pick<JiraField, 'id' | 'schema'>> = {
  summary: { id: 'summary', schema: { type: 'string', system: 'summary' } },
  text: {
    id: 'customfield_1',
    schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' },
  },
  rich: { id: 'description', schema: { type: 'string', system: 'description' } },
  priority: { id: 'priority', schema: { type: 'priority', system: 'priority' } },
  option: { id: 'customfield_2', schema: { type: 'option' } },
  options: { id: 'customfield_3', schema: { type: 'array', items: 'option' } },
  labels: { id: 'labels', schema: { type: 'array', items: 'string', system: 'labels' } },
  date: { id: 'duedate', schema: { type: 'date', system: 'duedate' } },
  datetime: { id: 'customfield_4', schema: { type: 'datetime' } },
  number: { id: 'customfield_5', schema: { type: 'number' } },
};

/** A realistic value of each Zendesk field type, as a ticket carries it. */
const SAMPLE: Record<string, ZendeskFieldValue> = {
  subject: 'Printer jams on page 2',
  text: 'Order 1234',
  regexp: 'AB-1234',
  partialcreditcard: 'XXXXXXXXXXXX1234',
  description: 'First line\nSecond line',
  textarea: 'Steps:\n1. open\n2. close',
  integer: 42,
  decimal: 4.5,
  checkbox: true,
  date: '2026-01-31',
  datetime: '2026-01-31T10:15:00Z',
  tagger: 'big_impact',
  dropdown: 'gold',
  tickettype: 'incident',
  priority: 'high',
  multiselect: ['eu', 'us'],
  tags: ['vip', 'printer'],
  status: 'open',
  custom_status: 'open',
  group: 360001,
  assignee: 360002,
  lookup: 360003,
};

function valueTable(value: ZendeskFieldValue): Record<string, string> {
  const values = Array.isArray(value) ? value : [String(value)];
  return Object.fromEntries(values.map((v) => [v, `Jira ${v}`]));
}

const targetInfo = (kind: JiraFieldKind): JiraFieldInfo => ({
  id: JIRA_OF_KIND[kind as Exclude<JiraFieldKind, 'unsupported'>].id,
  name: `A ${kind} field`,
  type: 'x',
  custom: true,
  kind,
});

const zendeskOf = (type: string): ZendeskFieldInfo => ({
  id: '360099',
  label: `A ${type} field`,
  type,
  custom: true,
});

describe('compatibility table', () => {
  it('has a sample for every Zendesk type it lists', () => {
    expect(Object.keys(COMPATIBILITY).sort()).toEqual(Object.keys(SAMPLE).sort());
  });

  const kinds = JIRA_FIELD_KINDS.filter((k) => k !== 'unsupported');
  const pairs = Object.keys(COMPATIBILITY).flatMap((type) => kinds.map((kind) => [type, kind] as const));

  it.each(pairs)('Zendesk %s → Jira %s', (type, kind) => {
    const allowed = (COMPATIBILITY[type] ?? []).includes(kind);
    const target = targetInfo(kind);
    const targets = {
      fields: new Map([[target.id, target]]),
      allFields: new Map(),
      scope: 'Task issues in SUP',
    };
    const problem = mappingProblems(zendeskOf(type), { jiraFieldId: target.id }, targets);
    if (allowed) {
      expect(problem).toBeNull();
      // An allowed pair is one the sync can really write: the sample converts without a problem.
      const conv = convertToJira(
        SAMPLE[type] as ZendeskFieldValue,
        JIRA_OF_KIND[kind as keyof typeof JIRA_OF_KIND],
        {
          textToAdf,
          adfToText,
          valueMap: valueTable(SAMPLE[type] as ZendeskFieldValue),
        },
      );
      expect(conv.ok).toBe(true);
    } else {
      expect(problem).toContain(`A ${type} field`);
      expect(problem).toContain(`A ${kind} field`);
      expect(problem).toMatch(/cannot be written to/);
    }
  });

  it('never offers a kind the connector cannot write', () => {
    const target: JiraFieldInfo = {
      id: 'customfield_9',
      name: 'Team',
      type: 'user',
      custom: true,
      kind: 'unsupported',
    };
    const targets = { fields: new Map([[target.id, target]]), allFields: new Map(), scope: 's' };
    expect(mappingProblems(zendeskOf('text'), { jiraFieldId: 'customfield_9' }, targets)).toMatch(
      /cannot be written/,
    );
  });
});

// ---------- create screen, value tables, coverage: against a Jira stand-in ----------

const meta = (fields: Partial<JiraFieldCreateMetadata>[]) => createMetaPage(fields, { required: false });
const TYPES = SUPPORT_ISSUE_TYPES;

function routes(typeOrder = TYPES) {
  return {
    '/rest/api/3/project/10000': { id: '10000', key: 'SUP', name: 'Support', roles: { Administrators: 'x' } },
    '/rest/api/3/issue/createmeta/10000/issuetypes': {
      issueTypes: typeOrder,
      startAt: 0,
      maxResults: 200,
      total: 3,
    },
    // A renamed priority scheme: none of Jira's default names.
    '/rest/api/3/priority': [
      { id: '1', name: 'P1 - Blocker' },
      { id: '2', name: 'P2 - Major' },
      { id: '3', name: 'P3 - Normal' },
      { id: '4', name: 'P4 - Minor' },
      { id: '5', name: 'P5 - Trivial' },
    ],
    '/rest/api/3/field': [
      { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
      { id: 'priority', name: 'Priority', custom: false, schema: { type: 'priority', system: 'priority' } },
      { id: 'created', name: 'Created', custom: false, schema: { type: 'datetime', system: 'created' } },
      { id: 'customfield_10050', name: 'Customer Impact', custom: true, schema: { type: 'option' } },
      { id: 'customfield_10060', name: 'Story points', custom: true, schema: { type: 'number' } },
      {
        id: 'customfield_10070',
        name: 'Steps',
        custom: true,
        schema: { type: 'string', custom: 'x:textarea' },
      },
    ],
    '/rest/api/3/issue/createmeta/10000/issuetypes/1': meta([
      { fieldId: 'project', name: 'Project', required: true },
      { fieldId: 'issuetype', name: 'Issue Type', required: true },
      { fieldId: 'summary', name: 'Summary', required: true },
      { fieldId: 'reporter', name: 'Reporter', required: true },
      { fieldId: 'priority', name: 'Priority', required: true, hasDefaultValue: true },
      { fieldId: 'customfield_10060', name: 'Story points' },
      {
        fieldId: 'customfield_10050',
        name: 'Customer Impact',
        allowedValues: [{ value: 'High' }, { value: 'Low' }],
      },
    ]),
    '/rest/api/3/issue/createmeta/10000/issuetypes/2': meta([
      { fieldId: 'summary', name: 'Summary', required: true },
      { fieldId: 'priority', name: 'Priority', required: true, hasDefaultValue: true },
      {
        fieldId: 'customfield_10050',
        name: 'Customer Impact',
        required: true,
        allowedValues: [{ value: 'High' }, { value: 'Low' }],
      },
      { fieldId: 'customfield_10070', name: 'Steps', required: true, operations: ['set'] },
    ]),
    '/rest/api/3/issue/createmeta/10000/issuetypes/3': meta([
      { fieldId: 'summary', name: 'Summary', required: true },
    ]),
  };
}

const catalog: ZendeskFieldInfo[] = [
  { id: 'subject', label: 'Subject', type: 'subject', custom: false },
  { id: 'description', label: 'Description', type: 'description', custom: false },
  {
    id: 'priority',
    label: 'Priority',
    type: 'priority',
    custom: false,
    options: ['low', 'normal', 'high', 'urgent'].map((v) => ({ value: v, label: v })),
  },
  {
    id: '360001',
    label: 'Impact',
    type: 'tagger',
    custom: true,
    options: fieldOptions({ impact_high: 'High', impact_low: 'Low', impact_none: 'None' }),
  },
  { id: '360002', label: 'Count', type: 'integer', custom: true },
  { id: '360003', label: 'Note', type: 'text', custom: true },
];

/** A draft; `issueTypeId: null` drops the issue type. */
function input(
  extra: Partial<Omit<SaveItemInput, 'issueTypeId'>> & { issueTypeId?: string | null } = {},
): SaveItemInput {
  const { issueTypeId = '1', ...rest } = extra;
  return {
    name: 'Tickets',
    syncMode: 'oneWay',
    projectId: '10000',
    ...(issueTypeId === null ? {} : { issueTypeId }),
    zendeskObject: 'ticket',
    fields: [],
    features: { ...NO_FEATURES, autoCreate: true },
    ...rest,
  };
}

/** One mapping as the editor sends it: `zendeskFieldId` written to `jiraFieldId`, not previewed. */
const mapped = (zendeskFieldId: string, jiraFieldId: string, valueMap?: Record<string, string>) => ({
  zendeskFieldId,
  jiraFieldId,
  preview: false,
  ...(valueMap === undefined ? {} : { valueMap }),
});

const save = (i: SaveItemInput, r = routes()) =>
  buildItem(i, null, {
    jira: jiraWith(r).client,
    zendeskFields: async () => catalog,
    now: new Date('2026-01-01T00:00:00Z'),
    newId: () => 'item-1',
  });

const check = (i: SaveItemInput, r = routes()) =>
  checkItem(i, { jira: jiraWith(r).client, zendeskFields: async () => catalog, items: async () => [] });

describe('targets offered and refused on save', () => {
  it('offers only fields settable on the create screen, with their kind and allowed values', async () => {
    const project = { id: '10000', key: 'SUP', name: 'Support' };
    const targets = await createTargets(jiraWith(routes()).client, project, '1');
    expect([...targets.fields.keys()].sort()).toEqual([
      'customfield_10050',
      'customfield_10060',
      'priority',
      'summary',
    ]);
    expect(targets.fields.get('priority')?.allowedValues).toEqual([
      'P1 - Blocker',
      'P2 - Major',
      'P3 - Normal',
      'P4 - Minor',
      'P5 - Trivial',
    ]);
    expect(targets.fields.get('customfield_10050')?.allowedValues).toEqual(['High', 'Low']);
  });

  const refusals = [
    {
      test: 'refuses a read-only target (Created) and names it',
      field: mapped('subject', 'created'),
      error: /"Created" cannot be set when creating Task issues in SUP/,
    },
    {
      test: 'refuses a target that is off the create screen of the chosen type',
      field: mapped('description', 'customfield_10070'),
      error: /"Steps" cannot be set/,
    },
    {
      test: 'refuses text into a number field with a clear reason',
      field: mapped('360003', 'customfield_10060'),
      error: /"Note" \(Zendesk text\) cannot be written to "Story points" \(Jira number\)/,
    },
    {
      test: 'refuses a value table naming a priority the site does not have',
      field: mapped('priority', 'priority', { high: 'High' }),
      error: /names "High", which "Priority" does not offer/,
    },
    {
      test: 'refuses a value table key that is not a value of the Zendesk field',
      field: mapped('360001', 'customfield_10050', { bogus: 'High' }),
      error: /lists "bogus"/,
    },
    {
      test: 'refuses a value table on a field that takes none',
      field: mapped('360002', 'customfield_10060', { a: 'b' }),
      error: /takes no value table/,
    },
  ];
  for (const { test, field, error } of refusals) {
    it(test, async () => {
      await expect(save(input({ fields: [field] }))).rejects.toThrow(error);
    });
  }

  it('stores a valid mapping with its value table', async () => {
    const item = await save(
      input({
        fields: [
          mapped('priority', 'priority', {
            urgent: 'P1 - Blocker',
            high: 'P2 - Major',
            normal: 'P3 - Normal',
            low: 'P5 - Trivial',
          }),
        ],
      }),
    );
    expect(item.fields[0]).toMatchObject({ jiraFieldId: 'priority', valueMap: { low: 'P5 - Trivial' } });
  });
});

/** A Jira select "Impact" whose values are High and Low (the Zendesk dropdown also has None). */
const IMPACT_SELECT: JiraFieldInfo = {
  id: 'cf',
  name: 'Impact',
  type: 'option',
  custom: true,
  kind: 'option',
  allowedValues: ['High', 'Low'],
};

describe('value tables', () => {
  it('defaults priorities from the site catalog: default names when present, else by position', () => {
    expect(defaultPriorityMap(['Highest', 'High', 'Medium', 'Low', 'Lowest'])).toEqual({
      urgent: 'Highest',
      high: 'High',
      normal: 'Medium',
      low: 'Low',
    });
    expect(
      defaultPriorityMap(['P1 - Blocker', 'P2 - Major', 'P3 - Normal', 'P4 - Minor', 'P5 - Trivial']),
    ).toEqual({
      urgent: 'P1 - Blocker',
      high: 'P2 - Major',
      normal: 'P4 - Minor',
      low: 'P5 - Trivial',
    });
  });

  it('warns about Zendesk options with no Jira value (a dropdown into a select whose values never match)', async () => {
    const warnings = await check(input({ fields: [mapped('360001', 'customfield_10050')] }));
    expect(warnings.filter((w) => w.kind === 'values').map((w) => w.message)).toEqual([
      expect.stringContaining('"None" of "Impact"'),
    ]);
  });

  it('names a Zendesk option by the label the value table shows, not by its tag', () => {
    const mappings = [
      { zendeskFieldId: '360001', jiraFieldId: 'cf', valueMap: { impact_high: 'High', impact_low: 'Low' } },
    ];
    const [warning] = valueWarnings(mappings, catalog, { fields: new Map([['cf', IMPACT_SELECT]]) });
    expect(warning?.message).toContain('No Jira value is chosen for "None" of "Impact"');
    expect(warning?.message).not.toContain('impact_none');
  });

  it('says nothing once the table covers every option', () => {
    const mappings = [
      {
        zendeskFieldId: '360001',
        jiraFieldId: 'cf',
        valueMap: { impact_high: 'High', impact_low: 'Low', impact_none: 'Low' },
      },
    ];
    expect(valueWarnings(mappings, catalog, { fields: new Map([['cf', IMPACT_SELECT]]) })).toEqual([]);
  });
});

describe('create-field coverage', () => {
  const coverage = async (i: SaveItemInput, r = routes()) =>
    (await check(i, r)).filter((w) => w.kind === 'coverage');

  it('case: a required field without default and without mapping is reported', async () => {
    const w = await coverage(input({ issueTypeId: '2' }));
    expect(w.map((x) => x.fieldId)).toEqual(['customfield_10050', 'customfield_10070']);
    expect(w[0]?.message).toContain('"Customer Impact" is required to create Bug issues');
  });

  it('case: project, issue type, reporter, summary and fields with a default need nothing', async () => {
    expect(await coverage(input({ issueTypeId: '1' }))).toEqual([]);
  });

  it('case: a required field mapped with a compatible type is covered', async () => {
    const w = await coverage(
      input({
        issueTypeId: '2',
        fields: [mapped('360001', 'customfield_10050'), mapped('description', 'customfield_10070')],
      }),
    );
    expect(w).toEqual([]);
  });

  it('case: a required field mapped with an incompatible type is not covered', async () => {
    const w = await coverage(
      input({
        issueTypeId: '2',
        fields: [mapped('360003', 'customfield_10050'), mapped('description', 'customfield_10070')],
      }),
    );
    expect(w.map((x) => x.fieldId)).toEqual(['customfield_10050']);
    expect(w[0]?.message).toMatch(/its mapping cannot fill it: "Note" \(Zendesk text\) cannot be written/);
  });

  it('case: no issue type chosen — coverage of the type auto-create falls back to, named in the warning', async () => {
    const r = routes([TYPES[1]!, TYPES[0]!, TYPES[2]!]);
    const w = await coverage(input({ issueTypeId: null }), r);
    expect(w.map((x) => x.fieldId)).toEqual(['customfield_10050', 'customfield_10070']);
    expect(w[0]?.message).toContain('No issue type is chosen, so auto-create uses Bug');
  });

  it('case: no issue type chosen — only fields every standard type can set are offered', async () => {
    const project = { id: '10000', key: 'SUP', name: 'Support' };
    const targets = await createTargets(jiraWith(routes()).client, project, undefined);
    expect([...targets.fields.keys()].sort()).toEqual(['customfield_10050', 'priority', 'summary']);
    expect(targets.createType).toEqual({ id: '1', name: 'Task', chosen: false });
    await expect(
      save(
        input({
          issueTypeId: null,
          fields: [mapped('360002', 'customfield_10060')],
        }),
      ),
    ).rejects.toThrow(/cannot be set when creating issues of every type in SUP/);
  });

  it('case: a project without any issue type is reported', () => {
    const w = coverageWarnings(
      {
        fields: new Map(),
        allFields: new Map(),
        createType: null,
        createMeta: [],
        priorities: [],
        scope: '',
      },
      [],
      catalog,
    );
    expect(w[0]?.message).toMatch(/no issue type auto-create can use/);
  });

  it('case: an unknown chosen issue type is an error, not an empty list', async () => {
    await expect(check(input({ issueTypeId: '99' }))).rejects.toThrow(/issue type 99 is not available/);
  });
});
