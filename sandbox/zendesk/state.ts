/**
 * The simulated account's data: records, id counters and the indexes the routes need.
 * Business rules (what an update may change) live in ticketsDomain.ts; this module only stores.
 */
import { OAuthStore } from './oauth/store';
import type {
  AttachmentRecord,
  AuditRecord,
  CommentRecord,
  GroupRecord,
  JiraLinkRecord,
  OrganizationRecord,
  TicketFieldRecord,
  TicketRecord,
  UploadRecord,
  UserFieldRecord,
  UserRecord,
} from './types';
import { TicketSearchLag } from './searchLag';
import { seedAudits } from './seedAudits';

export interface SeedCredentials {
  admin: { email: string; token: string };
  agent: { email: string; token: string };
  endUser?: { email: string; token: string };
}

/** Everything a seed produces; loaded into a fresh state on start and on reset. */
export interface SeedData {
  apiTokens: string[];
  credentials: SeedCredentials;
  users: UserRecord[];
  organizations: OrganizationRecord[];
  groups: GroupRecord[];
  ticketFields: TicketFieldRecord[];
  userFields: UserFieldRecord[];
  organizationFields: UserFieldRecord[];
  tickets: TicketRecord[];
  comments: CommentRecord[];
  attachments: AttachmentRecord[];
  jiraLinks: JiraLinkRecord[];
}

type IdKind =
  | 'ticket'
  | 'user'
  | 'organization'
  | 'group'
  | 'comment'
  | 'attachment'
  | 'audit'
  | 'event'
  | 'link'
  | 'field'
  | 'option';

/** Id ranges chosen to look like Zendesk's: small sequential ticket ids, large ids for everything else. */
export const ID_BASES: Record<IdKind, number> = {
  ticket: 1,
  user: 9_100_000_001,
  organization: 8_100_000_001,
  group: 7_100_000_001,
  comment: 6_100_000_001,
  attachment: 5_100_000_001,
  audit: 4_100_000_001,
  event: 3_100_000_001,
  link: 1,
  field: 2_100_000_001,
  option: 2_200_000_001,
};

export class ZendeskState {
  /** What search sees of each ticket when an index lag is set (off by default). */
  readonly searchLag = new TicketSearchLag();
  readonly apiBase: string;
  /** OAuth clients, codes and tokens (sandbox/zendesk/oauth/). */
  readonly oauth = new OAuthStore();
  readonly attachmentBase: string;
  apiTokens = new Set<string>();
  credentials: SeedCredentials = { admin: { email: '', token: '' }, agent: { email: '', token: '' } };
  users = new Map<number, UserRecord>();
  organizations = new Map<number, OrganizationRecord>();
  groups = new Map<number, GroupRecord>();
  tickets = new Map<number, TicketRecord>();
  comments = new Map<number, CommentRecord>();
  attachments = new Map<number, AttachmentRecord>();
  attachmentsByToken = new Map<string, AttachmentRecord>();
  uploads = new Map<string, UploadRecord>();
  jiraLinks = new Map<number, JiraLinkRecord>();
  /** Every ticket update that produced events, in the order they happened (the ticket event stream). */
  audits: AuditRecord[] = [];
  ticketFields: TicketFieldRecord[] = [];
  userFields: UserFieldRecord[] = [];
  organizationFields: UserFieldRecord[] = [];
  private usersByEmail = new Map<string, UserRecord>();
  private counters = new Map<IdKind, number>();
  private exportOrder: TicketRecord[] | null = null;

  constructor(readonly subdomain: string) {
    this.apiBase = `https://${subdomain}.zendesk.com`;
    this.attachmentBase = `https://${subdomain}.zdusercontent.com`;
  }

  load(seed: SeedData): void {
    this.oauth.clearGrants();
    this.clear();
    for (const token of seed.apiTokens) this.apiTokens.add(token);
    this.credentials = seed.credentials;
    for (const u of seed.users) this.putUser(u);
    for (const o of seed.organizations) this.organizations.set(o.id, o);
    for (const g of seed.groups) this.groups.set(g.id, g);
    this.ticketFields = seed.ticketFields;
    this.userFields = seed.userFields;
    this.organizationFields = seed.organizationFields;
    for (const t of seed.tickets) this.tickets.set(t.id, t);
    for (const c of seed.comments) this.comments.set(c.id, c);
    for (const a of seed.attachments) this.putAttachment(a);
    for (const l of seed.jiraLinks) this.jiraLinks.set(l.id, l);
    this.audits = seedAudits(seed);
    this.searchLag.rebase(this.tickets.values());
    const maxOf = (ids: Iterable<number>) => {
      let max = 0;
      for (const id of ids) if (id > max) max = id;
      return max;
    };
    this.bump('ticket', maxOf(this.tickets.keys()));
    this.bump('user', maxOf(this.users.keys()));
    this.bump('organization', maxOf(this.organizations.keys()));
    this.bump('group', maxOf(this.groups.keys()));
    this.bump('comment', maxOf(this.comments.keys()));
    this.bump('attachment', maxOf(this.attachments.keys()));
    this.bump('audit', maxOf(seed.comments.map((c) => c.auditId)));
    this.bump('link', maxOf(this.jiraLinks.keys()));
    const fieldIds = [...seed.ticketFields, ...seed.userFields, ...seed.organizationFields].map((f) => f.id);
    this.bump('field', maxOf(fieldIds));
    const optionIds = [...seed.ticketFields, ...seed.userFields, ...seed.organizationFields].flatMap((f) =>
      (f.options ?? []).map((o) => o.id),
    );
    this.bump('option', maxOf(optionIds));
  }

  clear(): void {
    this.apiTokens.clear();
    this.users.clear();
    this.usersByEmail.clear();
    this.organizations.clear();
    this.groups.clear();
    this.tickets.clear();
    this.comments.clear();
    this.attachments.clear();
    this.attachmentsByToken.clear();
    this.uploads.clear();
    this.jiraLinks.clear();
    this.audits = [];
    this.ticketFields = [];
    this.userFields = [];
    this.organizationFields = [];
    this.counters.clear();
    this.exportOrder = null;
  }

  nextId(kind: IdKind): number {
    const next = this.counters.get(kind) ?? ID_BASES[kind];
    this.counters.set(kind, next + 1);
    return next;
  }

  private bump(kind: IdKind, maxUsed: number): void {
    if (maxUsed >= ID_BASES[kind]) this.counters.set(kind, maxUsed + 1);
  }

  putUser(user: UserRecord): void {
    this.users.set(user.id, user);
    this.usersByEmail.set(user.email.toLowerCase(), user);
  }

  userByEmail(email: string): UserRecord | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }

  putAttachment(att: AttachmentRecord): void {
    this.attachments.set(att.id, att);
    this.attachmentsByToken.set(att.token, att);
  }

  putTicket(ticket: TicketRecord): void {
    this.tickets.set(ticket.id, ticket);
    this.exportOrder = null;
  }

  /**
   * Records that a ticket changed. `updated` is true when the change is a ticket event, which is
   * when Zendesk moves updated_at; every change moves the export position (generated_timestamp).
   */
  touchTicket(ticket: TicketRecord, at: number, updated: boolean): void {
    if (updated) ticket.updatedAt = at;
    ticket.generatedAt = at;
    ticket.version++;
    this.exportOrder = null;
    this.searchLag.record(ticket, at);
  }

  /** Tickets ordered the way the incremental export walks them: generated second, then id. */
  ticketsInExportOrder(): TicketRecord[] {
    if (!this.exportOrder) {
      this.exportOrder = [...this.tickets.values()].sort(
        (a, b) => Math.floor(a.generatedAt / 1000) - Math.floor(b.generatedAt / 1000) || a.id - b.id,
      );
    }
    return this.exportOrder;
  }

  /** Appends an audit to the event stream; audits are created on the simulated clock, so the list stays in time order. */
  recordAudit(audit: AuditRecord): void {
    this.audits.push(audit);
  }

  /** Live (not deleted) ticket or undefined. */
  liveTicket(id: number): TicketRecord | undefined {
    const t = this.tickets.get(id);
    return t && !t.deleted ? t : undefined;
  }
}
