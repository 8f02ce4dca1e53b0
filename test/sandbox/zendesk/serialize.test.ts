/**
 * Validates a sample of simulator responses against Zendesk's own OpenAPI schemas
 * (sandbox/zendesk/openapi-subset.json, extracted from Zendesk's published oas.yaml).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { arr, call, obj, useSim } from './support/simHttp';

const subset: unknown = JSON.parse(
  readFileSync(new URL('../../../sandbox/zendesk/openapi-subset.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// UserForEndUser declares `format: datetime` (sic); treat it as date-time.
ajv.addFormat('datetime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addSchema({ ...obj(subset), $id: 'zendesk' });

function validator(name: string): ValidateFunction {
  const v = ajv.getSchema(`zendesk#/components/schemas/${name}`);
  if (!v) throw new Error(`schema ${name} missing from the subset`);
  return v;
}

function expectShape(name: string, body: unknown): void {
  const validate = validator(name);
  const ok = validate(body);
  expect(ok, `${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`).toBe(true);
}

const sim = useSim();

describe('responses match Zendesk’s OpenAPI schemas', () => {
  it('tickets: show, show_many, update, create', async () => {
    for (let id = 1; id <= 12; id++)
      expectShape('TicketResponse', (await call(sim, `/api/v2/tickets/${id}`)).json);
    expectShape('TicketsResponse', (await call(sim, '/api/v2/tickets/show_many?ids=1,2,3')).json);
    const open = [...sim.state.tickets.values()].find((t) => t.status === 'open');
    const updated = await call(sim, `/api/v2/tickets/${open?.id}`, {
      method: 'PUT',
      body: { ticket: { tags: ['a', 'b'], priority: 'high', comment: { body: 'x' } } },
    });
    expect(updated.status).toBe(200);
    expectShape('TicketUpdateResponse', updated.json);
    const created = await call(sim, '/api/v2/tickets', {
      method: 'POST',
      body: { ticket: { subject: 's', comment: { html_body: '<p>h</p>' } } },
    });
    expectShape('TicketUpdateResponse', created.json);
  });

  it('comments, including attachments', async () => {
    for (let id = 1; id <= 12; id++) {
      const res = await call(sim, `/api/v2/tickets/${id}/comments?include_inline_images=true`);
      expectShape('TicketCommentsResponse', res.json);
    }
  });

  it('users, the anonymous user and organizations', async () => {
    expectShape('CurrentUserResponse', (await call(sim, '/api/v2/users/me')).json);
    expectShape('CurrentUserResponse', (await call(sim, '/api/v2/users/me', { as: 'none' })).json);
    const ids = [...sim.state.users.keys()];
    for (const id of ids) expectShape('UserResponse', (await call(sim, `/api/v2/users/${id}`)).json);
    expectShape('UsersResponse', (await call(sim, `/api/v2/users/show_many?ids=${ids.join(',')}`)).json);
    expectShape('UsersResponse', (await call(sim, '/api/v2/users/search?query=example')).json);
    const orgIds = [...sim.state.organizations.keys()];
    for (const id of orgIds)
      expectShape('OrganizationResponse', (await call(sim, `/api/v2/organizations/${id}`)).json);
    expectShape(
      'OrganizationsResponse',
      (await call(sim, `/api/v2/organizations/show_many?ids=${orgIds.join(',')}`)).json,
    );
  });

  it('field definitions', async () => {
    expectShape('TicketFieldsResponse', (await call(sim, '/api/v2/ticket_fields')).json);
    expectShape('UserFieldsResponse', (await call(sim, '/api/v2/user_fields')).json);
    expectShape('OrganizationFieldsResponse', (await call(sim, '/api/v2/organization_fields')).json);
  });

  it('search and the incremental export', async () => {
    expectShape(
      'SearchResponse',
      (await call(sim, `/api/v2/search?query=${encodeURIComponent('type:ticket printer')}`)).json,
    );
    expectShape('SearchResponse', (await call(sim, '/api/v2/search?query=example')).json);
    expectShape(
      'CursorBasedExportIncrementalTicketsResponse',
      (await call(sim, '/api/v2/incremental/tickets/cursor.json?start_time=0')).json,
    );
    expectShape(
      'TimeBasedExportIncrementalTicketsResponse',
      (await call(sim, '/api/v2/incremental/tickets.json?start_time=0')).json,
    );
    for (const include of ['', '&include=comment_events']) {
      const res = await call(sim, `/api/v2/incremental/ticket_events.json?start_time=0${include}`);
      expect(arr(obj(res.json).ticket_events).length).toBeGreaterThan(0);
      expectShape('ExportIncrementalTicketEventsResponse', res.json);
    }
  });

  it('ticket list, tags, jobs and account configuration', async () => {
    expectShape('TicketsResponse', (await call(sim, '/api/v2/tickets.json?per_page=5')).json);
    expectShape('TicketsResponse', (await call(sim, '/api/v2/tickets.json?page[size]=5')).json);
    expectShape('TagsByObjectIdResponse', (await call(sim, '/api/v2/tickets/1/tags')).json);
    const added = await call(sim, '/api/v2/tickets/1/tags', { method: 'PUT', body: { tags: ['shape'] } });
    expectShape('TagsByObjectIdResponse', added.json);
    const job = await call(sim, '/api/v2/tickets/update_many?ids=1,2', {
      method: 'PUT',
      body: { ticket: { priority: 'low' } },
    });
    expectShape('JobStatusResponse', job.json);
    await new Promise((r) => setTimeout(r, 10));
    const status = await call(sim, new URL(String(obj(obj(job.json).job_status).url)).pathname);
    expect(obj(obj(status.json).job_status).status).toBe('completed');
    expectShape('JobStatusResponse', status.json);
    const created = await call(sim, '/api/v2/tickets/create_many', {
      method: 'POST',
      body: { tickets: [{ subject: 'x', comment: { body: 'y' } }] },
    });
    await new Promise((r) => setTimeout(r, 10));
    expectShape(
      'JobStatusResponse',
      (await call(sim, new URL(String(obj(obj(created.json).job_status).url)).pathname)).json,
    );
    expectShape('CustomStatusesResponse', (await call(sim, '/api/v2/custom_statuses')).json);
    const statuses = arr(obj((await call(sim, '/api/v2/custom_statuses')).json).custom_statuses);
    expectShape(
      'CustomStatusResponse',
      (await call(sim, `/api/v2/custom_statuses/${String(obj(statuses[0]).id)}`)).json,
    );
    expectShape('GroupsResponse', (await call(sim, '/api/v2/groups')).json);
    const groupId = String(obj(arr(obj((await call(sim, '/api/v2/groups')).json).groups)[0]).id);
    expectShape('GroupResponse', (await call(sim, `/api/v2/groups/${groupId}`)).json);
    expectShape('BrandsResponse', (await call(sim, '/api/v2/brands')).json);
    const ticket = obj(obj((await call(sim, '/api/v2/tickets/1')).json).ticket);
    expectShape('BrandResponse', (await call(sim, `/api/v2/brands/${String(ticket.brand_id)}`)).json);
    expectShape('TicketFormsResponse', (await call(sim, '/api/v2/ticket_forms')).json);
    expectShape(
      'TicketFormResponse',
      (await call(sim, `/api/v2/ticket_forms/${String(ticket.ticket_form_id)}`)).json,
    );
    for (const id of [...sim.state.users.keys()])
      expectShape('UserIdentitiesResponse', (await call(sim, `/api/v2/users/${id}/identities`)).json);
  });

  it('uploads and attachments', async () => {
    const up = await call(sim, '/api/v2/uploads?filename=a.txt', {
      method: 'POST',
      rawBody: 'abc',
      headers: { 'content-type': 'text/plain' },
    });
    expectShape('AttachmentUploadResponse', up.json);
    const id = obj(obj(obj(up.json).upload).attachment).id;
    expectShape('AttachmentResponse', (await call(sim, `/api/v2/attachments/${String(id)}`)).json);
  });

  it('errors[] bodies', async () => {
    const res = await call(sim, '/api/v2/tickets/1/comments?page[size]=500');
    expect(res.status).toBe(400);
    expectShape('Errors', res.json);
  });

  it('the validator does reject a wrong shape', async () => {
    const ticket = obj(obj((await call(sim, '/api/v2/tickets/1')).json).ticket);
    const validate = validator('TicketResponse');
    expect(validate({ ticket: { ...ticket, status: 'bogus' } })).toBe(false);
    expect(validate({ ticket: { ...ticket, tags: 'not-an-array' } })).toBe(false);
    expect(validator('TicketCommentsResponse')({ comments: [{ id: 'x' }] })).toBe(false);
    expect(arr(ticket.custom_fields).length).toBeGreaterThan(0);
    const events = obj((await call(sim, '/api/v2/incremental/ticket_events.json?start_time=0')).json);
    const event = obj(arr(events.ticket_events)[0]);
    expect(
      validator('ExportIncrementalTicketEventsResponse')({ ticket_events: [{ ...event, updater_id: 'x' }] }),
    ).toBe(false);
  });
});
