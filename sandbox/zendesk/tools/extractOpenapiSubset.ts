/**
 * Regenerates sandbox/zendesk/openapi-subset.json from Zendesk's published OpenAPI file, so tests
 * validate simulator responses against Zendesk's own schemas without reading the 1 MB spec.
 *
 *   npx tsx sandbox/zendesk/tools/extractOpenapiSubset.ts <path/to/oas.yaml>
 *
 * The file is the "Download OpenAPI file" link on https://developer.zendesk.com/api-reference/ticketing/introduction/.
 *
 * Zendesk's schemas declare many fields non-nullable that its own examples and live responses show
 * as null (e.g. UserObject example `external_id: null`, OrganizationObject example
 * `group_id: null`). Each correction applied below is listed in PATCHES with the reason, and the
 * list is written into the output so the deviation from the spec stays visible.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

const SOURCE = process.argv[2];
if (!SOURCE) {
  throw new Error('Usage: npx tsx sandbox/zendesk/tools/extractOpenapiSubset.ts <path/to/oas.yaml>');
}
const TARGET = new URL('../openapi-subset.json', import.meta.url);

const ROOTS = [
  'TicketResponse',
  'TicketsResponse',
  'TicketUpdateResponse',
  'TicketCommentsResponse',
  'TicketCommentResponse',
  'CurrentUserResponse',
  'UserResponse',
  'UsersResponse',
  'OrganizationResponse',
  'OrganizationsResponse',
  'TicketFieldsResponse',
  'UserFieldsResponse',
  'OrganizationFieldsResponse',
  'SearchResponse',
  'CursorBasedExportIncrementalTicketsResponse',
  'TimeBasedExportIncrementalTicketsResponse',
  'ExportIncrementalTicketEventsResponse',
  'TagsByObjectIdResponse',
  'CustomStatusesResponse',
  'CustomStatusResponse',
  'JobStatusResponse',
  'UserIdentitiesResponse',
  'GroupsResponse',
  'GroupResponse',
  'BrandsResponse',
  'BrandResponse',
  'TicketFormsResponse',
  'TicketFormResponse',
  'AttachmentUploadResponse',
  'AttachmentResponse',
  'Errors',
];

interface Patch {
  /** Schema name and property path, e.g. ['TicketObject', 'assignee_id']. */
  at: string[];
  set: Record<string, unknown>;
  reason: string;
}

const NULLABLE = { nullable: true };
const NULL_IN_RESPONSES =
  'Zendesk returns null when the value is not set (spec examples and live responses), the schema omits nullable';

const PATCHES: Patch[] = [
  {
    at: ['TicketObject', 'priority'],
    set: { nullable: true, enum: ['urgent', 'high', 'normal', 'low', null] },
    reason: `${NULL_IN_RESPONSES} (null means no priority)`,
  },
  {
    at: ['TicketObject', 'type'],
    set: { nullable: true, enum: ['problem', 'incident', 'question', 'task', null] },
    reason: `${NULL_IN_RESPONSES} (null means no type)`,
  },
  ...[
    'assignee_id',
    'organization_id',
    'group_id',
    'problem_id',
    'external_id',
    'recipient',
    'forum_topic_id',
    'satisfaction_rating',
    'ticket_form_id',
    'brand_id',
    'custom_status_id',
  ].map((p): Patch => ({ at: ['TicketObject', p], set: NULLABLE, reason: NULL_IN_RESPONSES })),
  {
    at: ['TicketObject', 'custom_fields', 'items', 'value'],
    set: {
      type: undefined,
      nullable: undefined,
      anyOf: [
        { type: 'string' },
        { type: 'boolean' },
        { type: 'array', items: { type: 'string' } },
        { type: 'null' },
      ],
    },
    reason:
      'custom field values are null when empty, booleans for checkboxes and arrays for multiselect fields (doc "Setting custom field values"); the schema says string',
  },
  ...['width', 'height'].map((p): Patch => ({
    at: ['AttachmentBaseObject', p],
    set: NULLABLE,
    reason: 'the description says "If width/height is unknown, returns null"',
  })),
  ...[
    'external_id',
    'organization_id',
    'phone',
    'photo',
    'shared_phone_number',
    'signature',
    'last_login_at',
    'role_type',
    'custom_role_id',
    'default_group_id',
    'ticket_restriction',
    'details',
    'notes',
    'remote_photo_url',
    'locale',
    'time_zone',
    'iana_time_zone',
  ].map((p): Patch => ({ at: ['UserForAdmin', p], set: NULLABLE, reason: NULL_IN_RESPONSES })),
  ...[
    'id',
    'url',
    'organization_id',
    'phone',
    'photo',
    'shared_phone_number',
    'created_at',
    'updated_at',
    'email',
  ].map((p): Patch => ({
    at: ['UserForEndUser', p],
    set: NULLABLE,
    reason: 'the anonymous user returned by users/me has id null and null timestamps',
  })),
  ...['external_id', 'group_id', 'details', 'notes'].map((p): Patch => ({
    at: ['OrganizationObject', p],
    set: NULLABLE,
    reason: NULL_IN_RESPONSES,
  })),
  ...['tag', 'regexp_for_validation', 'agent_description', 'description', 'raw_description'].map(
    (p): Patch => ({ at: ['TicketFieldObject', p], set: NULLABLE, reason: NULL_IN_RESPONSES }),
  ),
  ...['tag', 'regexp_for_validation'].map((p): Patch => ({
    at: ['CustomFieldObject', p],
    set: NULLABLE,
    reason: NULL_IN_RESPONSES,
  })),
  {
    at: ['BrandObject', 'host_mapping'],
    set: NULLABLE,
    reason: `${NULL_IN_RESPONSES} (a brand without a host mapping)`,
  },
  {
    at: ['BrandObject', 'logo'],
    set: {
      $ref: undefined,
      nullable: undefined,
      anyOf: [{ $ref: '#/components/schemas/AttachmentObject' }, { type: 'null' }],
    },
    reason: `${NULL_IN_RESPONSES} (a brand without a logo) [unverified: no captured response of a logo-less brand]`,
  },
  {
    at: ['AuditObject', 'events', 'items', 'value'],
    set: { oneOf: undefined },
    reason:
      'audit Change events carry arrays (tags), booleans and null values, not only strings and integers',
  },
  {
    at: ['ExportIncrementalTicketEventsResponse', 'ticket_events'],
    set: {
      items: {
        type: 'object',
        required: [
          'id',
          'ticket_id',
          'timestamp',
          'created_at',
          'updater_id',
          'via',
          'event_type',
          'child_events',
        ],
        properties: {
          id: { type: 'integer' },
          ticket_id: { type: 'integer' },
          timestamp: { type: 'integer' },
          created_at: { type: 'string', format: 'date-time' },
          updater_id: { type: 'integer' },
          via: { type: 'string' },
          system: { type: 'object' },
          event_type: { type: 'string', enum: ['Audit'] },
          merged_ticket_ids: { type: 'array', items: { type: 'integer' } },
          child_events: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'event_type'],
              properties: {
                id: { type: 'integer' },
                event_type: { type: 'string' },
                via_reference_id: { type: 'integer', nullable: true },
                comment_present: { type: 'boolean' },
                comment_public: { type: 'boolean' },
                author_id: { type: 'integer' },
                body: { type: 'string' },
                html_body: { type: 'string' },
                public: { type: 'boolean' },
                audit_id: { type: 'integer' },
                attachments: { type: 'array', items: { $ref: '#/components/schemas/AttachmentObject' } },
              },
            },
          },
        },
      },
    },
    reason:
      'the spec gives ticket_events the ticket *metric* event schema (TicketMetricEventBaseObject) and a metric example; the keys here are those of the "Exporting ticket events" guide (https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api#exporting-ticket-events) and of the comment_events example in the endpoint description',
  },
  {
    at: ['SearchResponse', 'facets'],
    set: { type: undefined, nullable: undefined },
    reason: 'facets is null or an object in responses; the schema says string',
  },
];

type Schema = Record<string, unknown>;

function collect(schemas: Record<string, Schema>, name: string, out: Map<string, Schema>): void {
  if (out.has(name)) return;
  const schema = schemas[name];
  if (!schema) throw new Error(`schema ${name} not in the spec`);
  out.set(name, structuredClone(schema));
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string')
          collect(schemas, v.replace('#/components/schemas/', ''), out);
        else walk(v);
      }
    }
  };
  walk(schema);
}

/** Follows a property path through `properties`, `items` and allOf/anyOf members. */
function locate(root: Schema, path: string[]): Schema | undefined {
  let node: Schema | undefined = root;
  for (const step of path) {
    if (!node) return undefined;
    const direct: unknown =
      step === 'items' ? node.items : ((node.properties as Schema | undefined)?.[step] ?? node[step]);
    if (direct && typeof direct === 'object') {
      node = direct as Schema;
      continue;
    }
    node = undefined;
  }
  return node;
}

function stripExamples(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => stripExamples(n));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        // Inside a `properties` map the keys are field names ("description" is a ticket field).
        .filter(([k]) => isPropertyMap || (k !== 'example' && k !== 'description'))
        .map(([k, v]) => [k, stripExamples(v, !isPropertyMap && k === 'properties')]),
    );
  }
  return node;
}

const spec = parse(readFileSync(SOURCE, 'utf8')) as {
  info: { version: string; title: string };
  paths: Record<string, unknown>;
  components: { schemas: Record<string, Schema> };
};
const picked = new Map<string, Schema>();
for (const root of ROOTS) collect(spec.components.schemas, root, picked);
for (const patch of PATCHES) {
  const [schemaName, ...path] = patch.at;
  const schema = schemaName ? picked.get(schemaName) : undefined;
  const target = schema ? locate(schema, path) : undefined;
  if (!target) throw new Error(`patch target not found: ${patch.at.join('.')}`);
  for (const [k, v] of Object.entries(patch.set)) {
    if (v === undefined) delete target[k];
    else target[k] = v;
  }
}
const out = {
  $comment: [
    'Subset of Zendesk Support OpenAPI schemas used by test/sandbox/zendesk/serialize.test.ts. GENERATED by sandbox/zendesk/tools/extractOpenapiSubset.ts; do not edit by hand.',
    `Source: ${spec.info.title} ${spec.info.version}, a copy of Zendesk's published oas.yaml (https://developer.zendesk.com/api-reference/ticketing/introduction/ "Download OpenAPI file").`,
    'Descriptions and examples are stripped. Corrections to the spec are listed in `patches`.',
  ].join(' '),
  patches: PATCHES.map((p) => ({ at: p.at.join('.'), set: p.set, reason: p.reason })),
  /** Path templates Zendesk serves; the simulator answers 501 for ones it does not implement. */
  paths: Object.keys(spec.paths).sort(),
  components: {
    schemas: Object.fromEntries(
      [...picked.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, stripExamples(v)]),
    ),
  },
};
// Written in the project's Prettier style so `prettier --check` and regeneration agree.
const prettierOptions = (await resolveConfig(TARGET.pathname)) ?? {};
writeFileSync(TARGET, await format(JSON.stringify(out), { ...prettierOptions, parser: 'json' }));
console.log(`wrote ${picked.size} schemas and ${out.paths.length} paths to ${TARGET.pathname}`);
