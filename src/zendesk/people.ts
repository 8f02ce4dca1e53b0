/**
 * Zendesk users and organizations: the connected account (`me`), one or many by id, and the
 * custom field catalogs of tickets, users and organizations that the mapping editor offers.
 */
import {
  meSchema,
  organizationFieldsPageSchema,
  organizationResponseSchema,
  organizationsResponseSchema,
  ticketFieldsPageSchema,
  userFieldsPageSchema,
  userResponseSchema,
  usersResponseSchema,
  type ZendeskMe,
  type ZendeskObjectField,
  type ZendeskOrganization,
  type ZendeskTicketField,
  type ZendeskUser,
} from './schemas';
import { listAll, showMany } from './paging';
import type { ZendeskTransport } from './transport';
import { idSegment } from './urls';

export interface ZendeskPeopleCalls {
  me(): Promise<ZendeskMe>;
  getUser(id: number | string): Promise<ZendeskUser>;
  getUsers(ids: readonly (number | string)[]): Promise<ZendeskUser[]>;
  getOrganization(id: number | string): Promise<ZendeskOrganization>;
  getOrganizations(ids: readonly (number | string)[]): Promise<ZendeskOrganization[]>;
}

export interface ZendeskFieldCalls {
  ticketFields(): Promise<ZendeskTicketField[]>;
  userFields(): Promise<ZendeskObjectField[]>;
  organizationFields(): Promise<ZendeskObjectField[]>;
}

export function peopleCalls(t: ZendeskTransport): ZendeskPeopleCalls {
  return {
    async me() {
      return (await t.get('/api/v2/users/me.json', meSchema)).user;
    },

    async getUser(id) {
      return (await t.get(`/api/v2/users/${idSegment(id, 'user')}.json`, userResponseSchema)).user;
    },

    async getUsers(ids) {
      return showMany(ids, 'user', async (idsParam) => {
        return (await t.get('/api/v2/users/show_many.json', usersResponseSchema, { ids: idsParam })).users;
      });
    },

    async getOrganization(id) {
      const path = `/api/v2/organizations/${idSegment(id, 'organization')}.json`;
      return (await t.get(path, organizationResponseSchema)).organization;
    },

    async getOrganizations(ids) {
      return showMany(ids, 'organization', async (idsParam) => {
        const path = '/api/v2/organizations/show_many.json';
        return (await t.get(path, organizationsResponseSchema, { ids: idsParam })).organizations;
      });
    },
  };
}

export function fieldCalls(t: ZendeskTransport): ZendeskFieldCalls {
  return {
    async ticketFields() {
      return listAll(t, '/api/v2/ticket_fields.json', ticketFieldsPageSchema, (p) => p.ticket_fields);
    },

    async userFields() {
      return listAll(t, '/api/v2/user_fields.json', userFieldsPageSchema, (p) => p.user_fields);
    },

    async organizationFields() {
      const path = '/api/v2/organization_fields.json';
      return listAll(t, path, organizationFieldsPageSchema, (p) => p.organization_fields);
    },
  };
}
