import { describe, expect, it } from 'vitest';
import type { SaveItemInput } from '../../../src/domain/types';
import { buildItem, checkItemRules } from '../../../src/admin/itemRules';
import { objectFieldCatalog, ticketFieldCatalog } from '../../../src/admin/fieldCatalog';
import { NO_FEATURES, type SmartItem } from '../../../src/domain/types';
import type { ZendeskFieldInfo } from '../../../src/domain/rpc';
import type { JiraFieldCreateMetadata } from '../../../src/jira/schemas';
import { createMetaPage, jiraWith, SUPPORT_ISSUE_TYPES } from '../../support/jiraStandIn';
import { fieldOptions } from '../../support/zendeskFields';

const project = { id: '10000', key: 'SUP', name: 'Support' };
const types = { issueTypes: SUPPORT_ISSUE_TYPES, startAt: 0, maxResults: 200, total: 3 };
const meta = (fields: Partial<JiraFieldCreateMetadata>[]) => createMetaPage(fields);
const jiraRoutes = {
  '/rest/api/3/project/10000': project,
  '/rest/api/3/priority': [
    { id: '1', name: 'Highest' },
    { id: '3', name: 'Medium' },
  ],
  '/rest/api/3/issue/createmeta/10000/issuetypes': types,
  '/rest/api/3/field': [
    { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
    { id: 'priority', name: 'Priority', custom: false, schema: { type: 'priority', system: 'priority' } },
    {
      id: 'customfield_10050',
      name: 'Customer Impact',
      custom: true,
      schema: { type: 'option', customId: 10050 },
    },
    { id: 'thumbnail', name: 'Images', custom: false },
  ],
  '/rest/api/3/issue/createmeta/10000/issuetypes/1': meta([
    { fieldId: 'summary', name: 'Summary', required: true },
    { fieldId: 'project', name: 'Project', required: true },
    { fieldId: 'issuetype', name: 'Issue Type', required: true },
    { fieldId: 'reporter', name: 'Reporter', required: true, hasDefaultValue: false },
  ]),
  '/rest/api/3/issue/createmeta/10000/issuetypes/2': meta([
    { fieldId: 'summary', name: 'Summary', required: true },
    { fieldId: 'customfield_10050', name: 'Customer Impact', required: true, hasDefaultValue: false },
    { fieldId: 'priority', name: 'Priority', required: true, hasDefaultValue: true },
    { fieldId: 'labels', name: 'Labels', required: false },
  ]),
};

const catalog: ZendeskFieldInfo[] = [
  { id: 'subject', label: 'Subject', type: 'subject', custom: false },
  { id: 'priority', label: 'Priority', type: 'priority', custom: false },
  { id: '360001', label: 'Impact', type: 'tagger', custom: true },
  { id: '360002', label: 'Impact', type: 'text', custom: true },
];

function input(extra: Partial<SaveItemInput> = {}): SaveItemInput {
  return {
    name: 'Tickets',
    syncMode: 'oneWay',
    projectId: '10000',
    zendeskObject: 'ticket',
    fields: [{ zendeskFieldId: 'subject', jiraFieldId: 'summary', preview: true }],
    features: { ...NO_FEATURES, statusSync: true },
    ...extra,
  };
}

const deps = (jira = jiraWith(jiraRoutes).client) => ({
  jira,
  zendeskFields: async () => catalog,
  now: new Date('2024-05-01T00:00:00Z'),
  newId: () => 'new-id',
});

describe('item rules', () => {
  it('refuses sync modes for customers and organizations', () => {
    for (const zendeskObject of ['user', 'organization'] as const) {
      for (const syncMode of ['oneWay', 'twoWay'] as const) {
        expect(() =>
          checkItemRules(input({ zendeskObject, syncMode, fields: [], features: NO_FEATURES })),
        ).toThrow(/display-only/);
      }
    }
  });

  it('refuses sync features outside sync modes and outside tickets', () => {
    expect(() => checkItemRules(input({ syncMode: 'none', fields: [] }))).toThrow(
      /only available for one-way or two-way ticket items/,
    );
    expect(() =>
      checkItemRules(
        input({
          zendeskObject: 'user',
          syncMode: 'none',
          fields: [],
          features: { ...NO_FEATURES, autoCreate: true },
        }),
      ),
    ).toThrow(/only available/);
  });

  it('refuses Jira mappings on display-only items', () => {
    expect(() => checkItemRules(input({ syncMode: 'none', features: NO_FEATURES }))).toThrow(
      /Jira field mappings/,
    );
  });

  it('refuses duplicate Zendesk ids and duplicate Jira targets', () => {
    expect(() =>
      checkItemRules(
        input({
          fields: [
            { zendeskFieldId: 'subject', preview: true },
            { zendeskFieldId: 'subject', preview: false },
          ],
        }),
      ),
    ).toThrow(/mapped more than once/);
    expect(() =>
      checkItemRules(
        input({
          fields: [
            { zendeskFieldId: 'subject', jiraFieldId: 'summary', preview: true },
            { zendeskFieldId: '360001', jiraFieldId: 'summary', preview: true },
          ],
        }),
      ),
    ).toThrow(/only one Zendesk field/);
  });

  it('accepts a display-only customer item with previews', () => {
    expect(() =>
      checkItemRules(
        input({
          zendeskObject: 'user',
          syncMode: 'none',
          features: NO_FEATURES,
          fields: [{ zendeskFieldId: 'email', preview: true }],
        }),
      ),
    ).not.toThrow();
  });
});

describe('buildItem', () => {
  it('takes labels from the catalog and names from Jira', async () => {
    const item = await buildItem(
      input({
        issueTypeId: '2',
        fields: [
          { zendeskFieldId: 'subject', jiraFieldId: 'summary', preview: true },
          { zendeskFieldId: '360001', jiraFieldId: 'customfield_10050', preview: true },
          { zendeskFieldId: '360002', preview: false },
        ],
      }),
      null,
      deps(),
    );
    expect(item).toEqual<SmartItem>({
      id: 'new-id',
      name: 'Tickets',
      syncMode: 'oneWay',
      projectId: '10000',
      projectKey: 'SUP',
      projectName: 'Support',
      issueTypeId: '2',
      issueTypeName: 'Bug',
      zendeskObject: 'ticket',
      fields: [
        {
          zendeskFieldId: 'subject',
          zendeskFieldLabel: 'Subject',
          jiraFieldId: 'summary',
          jiraFieldName: 'Summary',
          preview: true,
        },
        {
          zendeskFieldId: '360001',
          zendeskFieldLabel: 'Impact',
          jiraFieldId: 'customfield_10050',
          jiraFieldName: 'Customer Impact',
          preview: true,
        },
        { zendeskFieldId: '360002', zendeskFieldLabel: 'Impact', preview: false },
      ],
      features: { ...NO_FEATURES, statusSync: true },
      createdAt: '2024-05-01T00:00:00.000Z',
      updatedAt: '2024-05-01T00:00:00.000Z',
    });
  });

  it('keeps id and createdAt of an existing item', async () => {
    const existing = { id: 'keep', createdAt: '2020-01-01T00:00:00.000Z' } as SmartItem;
    const item = await buildItem(input(), existing, deps());
    expect(item).toMatchObject({
      id: 'keep',
      createdAt: '2020-01-01T00:00:00.000Z',
      updatedAt: '2024-05-01T00:00:00.000Z',
    });
  });

  it('refuses unknown Zendesk fields, unknown Jira fields, projects and issue types', async () => {
    await expect(
      buildItem(input({ fields: [{ zendeskFieldId: '999', preview: true }] }), null, deps()),
    ).rejects.toThrow(/Zendesk field "999" does not exist/);
    await expect(
      buildItem(
        input({ fields: [{ zendeskFieldId: 'subject', jiraFieldId: 'customfield_1', preview: true }] }),
        null,
        deps(),
      ),
    ).rejects.toThrow(/Jira field "customfield_1" does not exist/);
    await expect(buildItem(input({ projectId: '424242' }), null, deps())).rejects.toMatchObject({
      code: 'INVALID_ITEM',
    });
    await expect(buildItem(input({ issueTypeId: '77' }), null, deps())).rejects.toThrow(
      /issue type 77 is not available/,
    );
    await expect(
      buildItem(input({ issueTypeId: '3', features: { ...NO_FEATURES, autoCreate: true } }), null, deps()),
    ).rejects.toThrow(/sub-task/);
  });

  it('does not read Jira fields when nothing maps to Jira', async () => {
    const jira = jiraWith(jiraRoutes);
    await buildItem(
      input({
        syncMode: 'none',
        features: NO_FEATURES,
        fields: [{ zendeskFieldId: 'subject', preview: true }],
      }),
      null,
      deps(jira.client),
    );
    expect(jira.seen).not.toContain('/rest/api/3/field');
  });
});

describe('catalogs', () => {
  it('identifies system ticket fields by attribute name and custom fields by id', () => {
    const fields = ticketFieldCatalog([
      { id: 1, type: 'subject', title: 'Subject', removable: false, position: 1 },
      {
        id: 2,
        type: 'priority',
        title: 'Priority',
        removable: false,
        position: 2,
        system_field_options: [{ name: 'High', value: 'high' }],
      },
      { id: 3, type: 'tickettype', title: 'Type', removable: false, position: 3 },
      { id: 4, type: 'custom_status', title: 'Ticket status', removable: false, position: 4 },
      {
        id: 360001,
        type: 'tagger',
        title: 'Impact',
        removable: true,
        position: 5,
        custom_field_options: [{ name: 'Big', value: 'big' }],
      },
      { id: 360002, type: 'text', title: 'Impact', removable: true, position: 6 },
      { id: 360003, type: 'text', title: 'Old', removable: true, active: false, position: 7 },
    ]);
    expect(fields.slice(0, 5)).toEqual([
      { id: 'subject', label: 'Subject', type: 'subject', custom: false },
      {
        id: 'priority',
        label: 'Priority',
        type: 'priority',
        custom: false,
        options: fieldOptions({ high: 'High' }),
      },
      { id: 'type', label: 'Type', type: 'tickettype', custom: false },
      { id: '360001', label: 'Impact', type: 'tagger', custom: true, options: fieldOptions({ big: 'Big' }) },
      { id: '360002', label: 'Impact', type: 'text', custom: true },
    ]);
    expect(fields.map((f) => f.id)).toContain('tags');
    expect(fields.map((f) => f.id)).not.toContain('360003');
    expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
  });

  it('gives custom user fields their key', () => {
    const fields = objectFieldCatalog('user', [
      {
        id: 7,
        key: 'plan',
        type: 'dropdown',
        title: 'Plan',
        custom_field_options: [{ name: 'Gold', value: 'gold' }],
      },
    ]);
    expect(fields.find((f) => f.id === 'email')).toMatchObject({ custom: false });
    expect(fields.find((f) => f.id === '7')).toEqual({
      id: '7',
      label: 'Plan',
      key: 'plan',
      type: 'dropdown',
      custom: true,
      options: fieldOptions({ gold: 'Gold' }),
    });
  });
});
