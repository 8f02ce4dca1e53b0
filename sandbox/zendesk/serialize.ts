/**
 * Records → the JSON Zendesk returns. Property sets follow the OpenAPI schemas (TicketObject,
 * UserForAdmin, OrganizationObject, TicketCommentObject, AttachmentObject, TicketFieldObject,
 * UserFieldObject) and the documented examples, including the nulls real responses carry.
 */
import { BRAND_ID, customStatusIdOf, TICKET_FORM_ID } from './accountConfig';
import { isoSeconds, unixSeconds } from './clock';
import type { ZendeskState } from './state';
import type {
  AttachmentRecord,
  CommentRecord,
  GroupRecord,
  JiraLinkRecord,
  OrganizationRecord,
  TicketFieldRecord,
  TicketRecord,
  UserFieldRecord,
  UserRecord,
} from './types';

export type Json = Record<string, unknown>;

export function attachmentJson(state: ZendeskState, a: AttachmentRecord): Json {
  const contentUrl = `${state.attachmentBase}/attachments/token/${a.token}/?name=${encodeURIComponent(a.fileName)}`;
  return {
    url: `${state.apiBase}/api/v2/attachments/${a.id}.json`,
    id: a.id,
    file_name: a.fileName,
    content_url: contentUrl,
    mapped_content_url: contentUrl,
    content_type: a.contentType,
    size: a.size,
    width: a.width === null ? null : String(a.width),
    height: a.height === null ? null : String(a.height),
    inline: a.inline,
    deleted: false,
    malware_access_override: false,
    malware_scan_result: a.malwareScanResult,
    thumbnails: [],
  };
}

export function commentJson(
  state: ZendeskState,
  c: CommentRecord,
  opts: { includeInline?: boolean } = {},
): Json {
  const attachments = c.attachmentIds
    .map((id) => state.attachments.get(id))
    .filter((a): a is AttachmentRecord => a !== undefined && (opts.includeInline === true || !a.inline))
    .map((a) => attachmentJson(state, a));
  return {
    id: c.id,
    type: 'Comment',
    author_id: c.authorId,
    body: c.body,
    html_body: c.htmlBody,
    plain_body: c.plainBody,
    public: c.public,
    attachments,
    audit_id: c.auditId,
    via: c.via,
    created_at: isoSeconds(c.createdAt),
    metadata: {
      system: c.metadata.system,
      custom: c.metadata.custom,
      ...(c.metadata.flags ? { flags: c.metadata.flags } : {}),
    },
  };
}

export function customFieldsJson(state: ZendeskState, t: TicketRecord): { id: number; value: unknown }[] {
  return state.ticketFields
    .filter((f) => f.removable && f.active)
    .map((f) => {
      const stored = t.customFields.get(f.id);
      const value = stored !== undefined ? stored : f.type === 'checkbox' ? false : null;
      return { id: f.id, value };
    });
}

/** Whether an `include` query asks for the `comment_count` sideload. */
export function wantsCommentCount(include: string | null): boolean {
  return (include ?? '').split(',').some((s) => s.trim() === 'comment_count');
}

/**
 * `commentCount`: the `comment_count` sideload, which Zendesk puts on each ticket object rather
 * than in an array of its own ("You can also include a comment_count property in the JSON
 * objects returned by GET requests by sideloading it", https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format).
 * Counted over all comments, the description included [unverified whether Zendesk counts
 * private notes].
 */
export function ticketJson(
  state: ZendeskState,
  t: TicketRecord,
  opts: { exported?: boolean; commentCount?: boolean } = {},
): Json {
  const isPublic = t.commentIds.some((id) => state.comments.get(id)?.public === true);
  const custom = customFieldsJson(state, t);
  const json: Json = {
    url: `${state.apiBase}/api/v2/tickets/${t.id}.json`,
    id: t.id,
    external_id: t.externalId,
    via: t.via,
    created_at: isoSeconds(t.createdAt),
    updated_at: isoSeconds(t.updatedAt),
    type: t.type,
    subject: t.subject,
    raw_subject: t.subject,
    description: t.description,
    priority: t.priority,
    status: t.deleted ? 'deleted' : t.status,
    custom_status_id: customStatusIdOf(t.status),
    recipient: null,
    requester_id: t.requesterId,
    submitter_id: t.submitterId,
    assignee_id: t.assigneeId,
    organization_id: t.organizationId,
    group_id: t.groupId,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: isPublic,
    due_at: t.dueAt === null ? null : isoSeconds(t.dueAt),
    tags: [...t.tags],
    custom_fields: custom,
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    fields: custom.map((f) => ({ ...f })),
    followup_ids: [...t.followupIds],
    ticket_form_id: TICKET_FORM_ID,
    brand_id: BRAND_ID,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
  if (opts.exported) json.generated_timestamp = unixSeconds(t.generatedAt);
  if (opts.commentCount) json.comment_count = t.commentIds.length;
  return json;
}

export function userJson(state: ZendeskState, u: UserRecord): Json {
  return {
    id: u.id,
    url: `${state.apiBase}/api/v2/users/${u.id}.json`,
    name: u.name,
    email: u.email,
    created_at: isoSeconds(u.createdAt),
    updated_at: isoSeconds(u.updatedAt),
    time_zone: u.timeZone,
    iana_time_zone: u.ianaTimeZone,
    phone: u.phone,
    shared_phone_number: null,
    photo: null,
    locale_id: u.localeId,
    locale: u.locale,
    organization_id: u.organizationId,
    role: u.role,
    verified: u.verified,
    external_id: u.externalId,
    tags: [...u.tags],
    alias: '',
    active: u.active,
    shared: false,
    shared_agent: false,
    last_login_at: null,
    two_factor_auth_enabled: false,
    signature: u.role === 'end-user' ? null : '',
    details: u.details,
    notes: u.notes,
    role_type: null,
    custom_role_id: null,
    moderator: u.role === 'admin',
    ticket_restriction: u.role === 'end-user' ? 'requested' : null,
    only_private_comments: false,
    restricted_agent: false,
    suspended: u.suspended,
    default_group_id: null,
    report_csv: u.role === 'admin',
    user_fields: { ...u.userFields },
  };
}

/**
 * Zendesk answers users/me without credentials with an anonymous user
 * (docs/contracts/zendesk-api.md § Current user): id null, name "Anonymous user", role end-user. The
 * other values are placeholders [unverified].
 */
export function anonymousUserJson(): Json {
  return {
    id: null,
    url: null,
    name: 'Anonymous user',
    email: 'invalid@example.com',
    created_at: null,
    updated_at: null,
    time_zone: 'America/New_York',
    iana_time_zone: 'America/New_York',
    phone: null,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: null,
    role: 'end-user',
    verified: false,
    authenticity_token: 'sim-anonymous-authenticity-token',
  };
}

export function organizationJson(state: ZendeskState, o: OrganizationRecord): Json {
  return {
    url: `${state.apiBase}/api/v2/organizations/${o.id}.json`,
    id: o.id,
    name: o.name,
    shared_tickets: o.sharedTickets,
    shared_comments: o.sharedComments,
    external_id: o.externalId,
    created_at: isoSeconds(o.createdAt),
    updated_at: isoSeconds(o.updatedAt),
    domain_names: [...o.domainNames],
    details: o.details,
    notes: o.notes,
    group_id: o.groupId,
    tags: [...o.tags],
    organization_fields: { ...o.organizationFields },
  };
}

export function groupJson(state: ZendeskState, g: GroupRecord): Json {
  return {
    url: `${state.apiBase}/api/v2/groups/${g.id}.json`,
    id: g.id,
    name: g.name,
    description: g.description,
    default: false,
    deleted: false,
    is_public: true,
    created_at: isoSeconds(g.createdAt),
    updated_at: isoSeconds(g.updatedAt),
  };
}

export function ticketFieldJson(state: ZendeskState, f: TicketFieldRecord): Json {
  const json: Json = {
    url: `${state.apiBase}/api/v2/ticket_fields/${f.id}.json`,
    id: f.id,
    type: f.type,
    title: f.title,
    raw_title: f.title,
    description: f.description,
    raw_description: f.description,
    position: f.position,
    active: f.active,
    required: f.required,
    collapsed_for_agents: false,
    regexp_for_validation: f.regexp,
    title_in_portal: f.title,
    raw_title_in_portal: f.title,
    visible_in_portal: !f.removable,
    editable_in_portal: !f.removable && (f.type === 'subject' || f.type === 'description'),
    required_in_portal: !f.removable && (f.type === 'subject' || f.type === 'description'),
    tag: f.tag,
    created_at: isoSeconds(f.createdAt),
    updated_at: isoSeconds(f.updatedAt),
    removable: f.removable,
    agent_description: null,
  };
  if (f.options) {
    json.custom_field_options = f.options.map((o) => ({
      id: o.id,
      name: o.name,
      raw_name: o.name,
      value: o.value,
      default: o.default ?? false,
    }));
  }
  if (f.systemOptions) json.system_field_options = f.systemOptions.map((o) => ({ ...o }));
  if (f.type === 'priority') json.sub_type_id = 0;
  return json;
}

export function userFieldJson(
  state: ZendeskState,
  f: UserFieldRecord,
  kind: 'user_fields' | 'organization_fields',
): Json {
  const json: Json = {
    url: `${state.apiBase}/api/v2/${kind}/${f.id}.json`,
    id: f.id,
    type: f.type === 'tagger' ? 'dropdown' : f.type,
    key: f.key,
    title: f.title,
    raw_title: f.title,
    description: f.description,
    raw_description: f.description,
    position: f.position,
    active: f.active,
    system: false,
    regexp_for_validation: null,
    tag: f.tag,
    created_at: isoSeconds(f.createdAt),
    updated_at: isoSeconds(f.updatedAt),
  };
  if (f.options) {
    json.custom_field_options = f.options.map((o) => ({
      id: o.id,
      name: o.name,
      raw_name: o.name,
      value: o.value,
    }));
  }
  return json;
}

/**
 * Link JSON (docs/contracts/zendesk-api.md § Jira links). The list example omits `url`; show and create
 * include it.
 */
export function jiraLinkJson(state: ZendeskState, l: JiraLinkRecord, withUrl: boolean): Json {
  const json: Json = {
    created_at: isoSeconds(l.createdAt),
    id: l.id,
    issue_id: l.issueId,
    issue_key: l.issueKey,
    ticket_id: l.ticketId,
    updated_at: isoSeconds(l.updatedAt),
  };
  if (withUrl) json.url = `${state.apiBase}/api/services/jira/links/${l.id}`;
  return json;
}

/**
 * Ticket side-loads (`include=users,groups,organizations`, doc "Side-loading"): the related records
 * of the given tickets as top-level arrays next to the tickets.
 */
export function ticketSideloads(
  state: ZendeskState,
  tickets: readonly TicketRecord[],
  include: string | null,
): Json {
  const wanted = new Set((include ?? '').split(',').map((s) => s.trim()));
  const out: Json = {};
  // The records behind a set of ids, in id order of first mention; ids with no record are left out.
  const sideload = <R>(
    ids: Iterable<number | null>,
    records: ReadonlyMap<number, R>,
    toJson: (r: R) => Json,
  ) =>
    [...new Set(ids)]
      .map((id) => (id === null ? undefined : records.get(id)))
      .filter((r): r is R => r !== undefined)
      .map(toJson);
  if (wanted.has('users')) {
    const ids = tickets.flatMap((t) => [t.requesterId, t.submitterId, t.assigneeId]);
    out.users = sideload(ids, state.users, (u) => userJson(state, u));
  }
  if (wanted.has('groups')) {
    out.groups = sideload(
      tickets.map((t) => t.groupId),
      state.groups,
      (g) => groupJson(state, g),
    );
  }
  if (wanted.has('organizations')) {
    out.organizations = sideload(
      tickets.map((t) => t.organizationId),
      state.organizations,
      (o) => organizationJson(state, o),
    );
  }
  return out;
}
