/**
 * Reads one Zendesk record and everything its preview needs: the field catalog when custom
 * fields are previewed, and the names of referenced people and organizations, each with one
 * show_many call.
 */
import type { FieldMapping, PreviewValue, ZendeskObject } from '../domain/types';
import type { ZendeskClient } from '../zendesk/client';
import { zendeskRecordError } from './errors';
import { withHeadline } from '../links/headline';
import {
  buildPreview,
  previewNeeds,
  referencedIds,
  type PreviewCatalog,
  type ZendeskRecord,
} from '../links/preview';

export async function fetchRecord(
  zendesk: ZendeskClient,
  object: ZendeskObject,
  recordId: string,
): Promise<ZendeskRecord> {
  try {
    if (object === 'ticket') {
      const observedAtMs = Date.now();
      return { kind: 'ticket', ticket: await zendesk.getTicket(recordId), observedAtMs };
    }
    if (object === 'user') return { kind: 'user', user: await zendesk.getUser(recordId) };
    return { kind: 'organization', organization: await zendesk.getOrganization(recordId) };
  } catch (error) {
    throw zendeskRecordError(error, object, recordId);
  }
}

/** Catalog pieces for the preview; a failure here only costs labels, never the link. */
export async function previewCatalog(
  zendesk: ZendeskClient,
  record: ZendeskRecord,
  fields: readonly FieldMapping[],
): Promise<PreviewCatalog> {
  const needs = previewNeeds(record.kind, fields);
  const catalog: PreviewCatalog = {};
  const soft = async <T>(read: () => Promise<T>, what: string): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      console.warn(
        `Zendesk Connector: preview ${what} unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  };
  const [ticketFields, userFields, organizationFields] = await Promise.all([
    needs.ticketFields ? soft(() => zendesk.ticketFields(), 'ticket fields') : undefined,
    needs.userFields ? soft(() => zendesk.userFields(), 'user fields') : undefined,
    needs.organizationFields ? soft(() => zendesk.organizationFields(), 'organization fields') : undefined,
  ]);
  if (ticketFields) catalog.ticketFields = new Map(ticketFields.map((f) => [String(f.id), f]));
  if (userFields) catalog.userFields = userFields;
  if (organizationFields) catalog.organizationFields = organizationFields;

  const refs = referencedIds(record, fields, catalog);
  const [users, organizations] = await Promise.all([
    refs.users.length > 0 ? soft(() => zendesk.getUsers(refs.users), 'user names') : undefined,
    refs.organizations.length > 0
      ? soft(() => zendesk.getOrganizations(refs.organizations), 'organization names')
      : undefined,
  ]);
  if (users) catalog.userNames = new Map(users.map((u) => [u.id, u.name]));
  if (organizations) catalog.organizationNames = new Map(organizations.map((o) => [o.id, o.name]));
  return catalog;
}

/** The card's preview of a record already read (headline fields included). */
export async function previewOf(
  zendesk: ZendeskClient,
  record: ZendeskRecord,
  fields: readonly FieldMapping[],
): Promise<PreviewValue[]> {
  const shown = withHeadline(record.kind, fields);
  return buildPreview(record, shown, await previewCatalog(zendesk, record, shown));
}

export async function recordWithPreview(
  zendesk: ZendeskClient,
  object: ZendeskObject,
  recordId: string,
  fields: readonly FieldMapping[],
): Promise<{ record: ZendeskRecord; preview: PreviewValue[] }> {
  const record = await fetchRecord(zendesk, object, recordId);
  return { record, preview: await previewOf(zendesk, record, fields) };
}
