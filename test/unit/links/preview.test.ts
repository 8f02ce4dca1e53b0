import { describe, expect, it } from 'vitest';
import type { FieldMapping } from '../../../src/domain/types';
import {
  buildPreview,
  formatDateTime,
  previewNeeds,
  referencedIds,
  type PreviewCatalog,
} from '../../../src/links/preview';
import { displayText } from '../../../src/links/text';
import {
  objectFieldSchema,
  organizationSchema,
  ticketFieldSchema,
  ticketSchema,
  userSchema,
  type ZendeskTicketField,
} from '../../../src/zendesk/schemas';

const field = (
  zendeskFieldId: string,
  zendeskFieldLabel: string,
  extra: Partial<FieldMapping> = {},
): FieldMapping => ({
  zendeskFieldId,
  zendeskFieldLabel,
  preview: true,
  ...extra,
});

const ticketFields: ZendeskTicketField[] = [
  ticketFieldSchema.parse({
    id: 1,
    type: 'status',
    title: 'Status',
    removable: false,
    system_field_options: [
      { name: 'On-hold', value: 'hold' },
      { name: 'Open', value: 'open' },
    ],
  }),
  ticketFieldSchema.parse({
    id: 2,
    type: 'priority',
    title: 'Priority',
    removable: false,
    system_field_options: [{ name: 'High', value: 'high' }],
  }),
  ticketFieldSchema.parse({ id: 3, type: 'subject', title: 'Subject', removable: false }),
  ticketFieldSchema.parse({
    id: 10,
    type: 'tagger',
    title: 'Product',
    removable: true,
    custom_field_options: [
      { id: 100, name: 'Widget', value: 'product_widget' },
      { id: 101, name: 'Gadget', value: 'product_gadget' },
    ],
  }),
  ticketFieldSchema.parse({
    id: 11,
    type: 'multiselect',
    title: 'Components',
    removable: true,
    custom_field_options: [
      { id: 110, name: 'API', value: 'comp_api' },
      { id: 111, name: 'Web UI', value: 'comp_ui' },
      { id: 112, name: 'Billing', value: 'comp_billing' },
    ],
  }),
  // Two custom fields with the same title, told apart only by id.
  ticketFieldSchema.parse({
    id: 18,
    type: 'tagger',
    title: 'Region',
    removable: true,
    custom_field_options: [{ id: 180, name: 'EMEA', value: 'sales_emea' }],
  }),
  ticketFieldSchema.parse({
    id: 19,
    type: 'tagger',
    title: 'Region',
    removable: true,
    custom_field_options: [{ id: 190, name: 'EU', value: 'residency_eu' }],
  }),
  ticketFieldSchema.parse({ id: 12, type: 'checkbox', title: 'Escalated', removable: true }),
  ticketFieldSchema.parse({ id: 13, type: 'textarea', title: 'Steps', removable: true }),
  ticketFieldSchema.parse({ id: 14, type: 'date', title: 'Target date', removable: true }),
  ticketFieldSchema.parse({ id: 15, type: 'text', title: 'Reference', removable: true }),
];

const catalog = (extra: Partial<PreviewCatalog> = {}): PreviewCatalog => ({
  ticketFields: new Map(ticketFields.map((f) => [String(f.id), f])),
  ...extra,
});

const ticket = ticketSchema.parse({
  id: 42,
  subject: 'Printer <b>on fire</b>',
  description: '<p>It &amp; the scanner</p><p>both smoke</p>',
  status: 'hold',
  priority: 'high',
  type: 'incident',
  requester_id: 501,
  assignee_id: 502,
  organization_id: 601,
  group_id: 77,
  tags: ['vip', 'printer'],
  due_at: '2026-03-01T10:05:00Z',
  custom_fields: [
    { id: 10, value: 'product_gadget' },
    { id: 11, value: ['comp_api', 'comp_billing'] },
    { id: 18, value: 'sales_emea' },
    { id: 19, value: 'residency_eu' },
    { id: 12, value: true },
    { id: 13, value: null },
    { id: 14, value: '2027-04-12' },
    { id: 15, value: '' },
  ],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
});

describe('buildPreview for tickets', () => {
  it('labels options, keeps duplicate-title fields apart by id, and leaves empty values out', () => {
    const fields = [
      field('subject', 'Subject'),
      field('status', 'Status'),
      field('priority', 'Priority'),
      field('10', 'Product'),
      field('11', 'Components'),
      field('18', 'Region'),
      field('19', 'Region'),
      field('12', 'Escalated'),
      field('13', 'Steps'),
      field('14', 'Target date'),
      field('15', 'Reference'),
    ];
    const preview = buildPreview({ kind: 'ticket', ticket, observedAtMs: 0 }, fields, catalog());
    expect(preview).toEqual([
      { fieldId: 'subject', label: 'Subject', value: 'Printer <b>on fire</b>' },
      { fieldId: 'status', label: 'Status', value: 'On-hold' },
      { fieldId: 'priority', label: 'Priority', value: 'High' },
      { fieldId: '10', label: 'Product', value: 'Gadget' },
      { fieldId: '11', label: 'Components', value: 'API, Billing' },
      { fieldId: '18', label: 'Region', value: 'EMEA' },
      { fieldId: '19', label: 'Region', value: 'EU' },
      { fieldId: '12', label: 'Escalated', value: 'Yes' },
      { fieldId: '14', label: 'Target date', value: '2027-04-12' },
    ]);
  });

  it('shows names for requester, assignee and organization, and a readable group and date', () => {
    const fields = [
      field('requester_id', 'Requester'),
      field('assignee', 'Assignee'),
      field('organization_id', 'Organization'),
      field('group_id', 'Group'),
      field('due_at', 'Due'),
      field('tags', 'Tags'),
      field('type', 'Type'),
    ];
    expect(referencedIds({ kind: 'ticket', ticket, observedAtMs: 0 }, fields)).toEqual({
      users: [501, 502],
      organizations: [601],
    });
    const preview = buildPreview({ kind: 'ticket', ticket, observedAtMs: 0 }, fields, {
      userNames: new Map([[501, 'Ada Customer']]),
      organizationNames: new Map([[601, 'Acme Corp']]),
    });
    expect(preview).toEqual([
      { fieldId: 'requester_id', label: 'Requester', value: 'Ada Customer' },
      // Unknown name: the id stays visible rather than the row disappearing.
      { fieldId: 'assignee', label: 'Assignee', value: 'User 502' },
      { fieldId: 'organization_id', label: 'Organization', value: 'Acme Corp' },
      { fieldId: 'group_id', label: 'Group', value: 'Group 77' },
      { fieldId: 'due_at', label: 'Due', value: '2026-03-01 10:05 UTC' },
      { fieldId: 'tags', label: 'Tags', value: 'vip, printer' },
      { fieldId: 'type', label: 'Type', value: 'Incident' },
    ]);
  });

  it('shows text that looks like markup exactly as written (Zendesk descriptions are plain text)', () => {
    const preview = buildPreview({ kind: 'ticket', ticket, observedAtMs: 0 }, [
      field('description', 'Description'),
    ]);
    expect(preview).toEqual([
      { fieldId: 'description', label: 'Description', value: '<p>It &amp; the scanner</p><p>both smoke</p>' },
    ]);
  });

  it('reads a system field chosen by its numeric id through the catalog', () => {
    const preview = buildPreview(
      { kind: 'ticket', ticket, observedAtMs: 0 },
      [field('1', ''), field('3', 'Subject (by id)')],
      catalog(),
    );
    expect(preview).toEqual([
      // No admin label: Zendesk's title.
      { fieldId: '1', label: 'Status', value: 'On-hold' },
      { fieldId: '3', label: 'Subject (by id)', value: 'Printer <b>on fire</b>' },
    ]);
  });

  it('falls back to Zendesk labels and raw option values without a catalog', () => {
    const preview = buildPreview({ kind: 'ticket', ticket, observedAtMs: 0 }, [
      field('status', 'Status'),
      field('10', 'Product'),
    ]);
    expect(preview).toEqual([
      { fieldId: 'status', label: 'Status', value: 'On-hold' },
      { fieldId: '10', label: 'Product', value: 'product_gadget' },
    ]);
  });

  it('skips fields not marked for preview, unknown fields and duplicates of the same id', () => {
    const preview = buildPreview(
      { kind: 'ticket', ticket, observedAtMs: 0 },
      [
        field('subject', 'Subject', { preview: false }),
        field('999', 'Gone'),
        field('nonsense', 'X'),
        field('priority', 'P'),
        field('priority', 'P again'),
      ],
      catalog(),
    );
    expect(preview).toEqual([{ fieldId: 'priority', label: 'P', value: 'High' }]);
  });

  it('asks for the ticket field catalog only when custom fields are previewed', () => {
    expect(previewNeeds('ticket', [field('subject', 'S'), field('status', 'St')]).ticketFields).toBe(false);
    expect(previewNeeds('ticket', [field('subject', 'S'), field('10', 'P')]).ticketFields).toBe(true);
    expect(previewNeeds('ticket', [field('10', 'P', { preview: false })]).ticketFields).toBe(false);
  });
});

describe('buildPreview for customers and organizations', () => {
  const user = userSchema.parse({
    id: 501,
    name: 'Ada Customer',
    email: 'ada@example.com',
    role: 'end-user',
    organization_id: 601,
    phone: null,
    tags: [],
    user_fields: {
      plan_type: 'pro',
      vip_since: '2024-05-01',
      newsletter: false,
      notes_html: '<i>likes</i> tea',
    },
  });
  const userFields = [
    objectFieldSchema.parse({
      id: 900,
      key: 'plan_type',
      type: 'dropdown',
      title: 'Plan',
      custom_field_options: [{ id: 1, name: 'Professional', value: 'pro' }],
    }),
    objectFieldSchema.parse({ id: 901, key: 'vip_since', type: 'date', title: 'VIP since' }),
    objectFieldSchema.parse({ id: 902, key: 'newsletter', type: 'checkbox', title: 'Newsletter' }),
  ];

  it('reads standard and custom user fields, by id or by key', () => {
    const fields = [
      field('name', 'Name'),
      field('email', 'Email'),
      field('role', 'Role'),
      field('phone', 'Phone'),
      field('organization_id', 'Organization'),
      field('900', 'Plan'),
      field('901', 'VIP since', { zendeskFieldKey: 'vip_since' }),
      field('902', 'Newsletter'),
      field('notes_html', 'Notes'),
    ];
    expect(previewNeeds('user', fields).userFields).toBe(true);
    expect(referencedIds({ kind: 'user', user }, fields)).toEqual({ users: [], organizations: [601] });
    const preview = buildPreview({ kind: 'user', user }, fields, {
      userFields,
      organizationNames: new Map([[601, 'Acme Corp']]),
    });
    expect(preview).toEqual([
      { fieldId: 'name', label: 'Name', value: 'Ada Customer' },
      { fieldId: 'email', label: 'Email', value: 'ada@example.com' },
      { fieldId: 'role', label: 'Role', value: 'End user' },
      { fieldId: 'organization_id', label: 'Organization', value: 'Acme Corp' },
      { fieldId: '900', label: 'Plan', value: 'Professional' },
      { fieldId: '901', label: 'VIP since', value: '2024-05-01' },
      { fieldId: '902', label: 'Newsletter', value: 'No' },
      { fieldId: 'notes_html', label: 'Notes', value: '<i>likes</i> tea' },
    ]);
  });

  it('reads organization domains, details and custom fields', () => {
    const organization = organizationSchema.parse({
      id: 601,
      name: 'Acme Corp',
      domain_names: ['acme.example', 'acme.test'],
      details: 'Key account',
      notes: '',
      organization_fields: { tier: 'gold' },
    });
    const preview = buildPreview(
      { kind: 'organization', organization },
      [
        field('name', 'Name'),
        field('domain_names', 'Domains'),
        field('details', 'Details'),
        field('notes', 'Notes'),
        field('903', 'Tier'),
      ],
      {
        organizationFields: [
          objectFieldSchema.parse({
            id: 903,
            key: 'tier',
            type: 'dropdown',
            title: 'Tier',
            custom_field_options: [{ id: 3, name: 'Gold', value: 'gold' }],
          }),
        ],
      },
    );
    expect(preview).toEqual([
      { fieldId: 'name', label: 'Name', value: 'Acme Corp' },
      { fieldId: 'domain_names', label: 'Domains', value: 'acme.example, acme.test' },
      { fieldId: 'details', label: 'Details', value: 'Key account' },
      { fieldId: '903', label: 'Tier', value: 'Gold' },
    ]);
  });
});

describe('text normalization', () => {
  it('leaves text without tags alone and caps long values', () => {
    expect(displayText('Fish &amp; chips')).toBe('Fish &amp; chips');
    expect(displayText('x'.repeat(2000))).toHaveLength(1000);
    expect(displayText('bell\u0007 ok')).toBe('bell ok');
  });

  it('formats datetimes in UTC and keeps plain dates', () => {
    expect(formatDateTime('2026-03-01T23:59:59+02:00')).toBe('2026-03-01 21:59 UTC');
    expect(formatDateTime('2027-04-12')).toBe('2027-04-12');
    expect(formatDateTime('soon')).toBe('soon');
  });
});
