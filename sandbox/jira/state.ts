/**
 * In-memory state of the simulated Jira site, with the lookups and permission
 * checks every route needs. Mutations live in mutations.ts.
 */
import type { PermissionKey } from './permissions.js';
import { PROJECT_PERMISSION_KEYS } from './permissions.js';
import { FIELDS, ISSUE_TYPES, PRIORITIES, STATUS_CATEGORIES, STATUSES, WORKFLOWS } from './siteConfig.js';
import type {
  AttachmentRecord,
  CommentRecord,
  FieldDef,
  IssueRecord,
  IssueTypeDef,
  IssueTypeScheme,
  PriorityDef,
  ProjectDef,
  RemoteLinkRecord,
  SimAccount,
  StatusCategoryDef,
  StatusDef,
  WorkflowDef,
} from './types.js';

export interface SiteSettings {
  attachmentMaxBytes: number;
}

export class JiraState {
  readonly accounts = new Map<string, SimAccount>();
  /** Accounts holding the ADMINISTER global permission (Jira administrators). */
  readonly administrators = new Set<string>();
  readonly projects = new Map<string, ProjectDef>();
  readonly issues = new Map<string, IssueRecord>();
  /** Current and former issue keys (upper case) → issue id; former keys stay after a move. */
  readonly keyIndex = new Map<string, string>();
  readonly comments = new Map<string, CommentRecord>();
  readonly attachments = new Map<string, AttachmentRecord>();
  /** Remote issue links by issue id, in creation order (remoteLinks.ts). */
  readonly remoteLinks = new Map<string, RemoteLinkRecord[]>();
  /** Short-lived download tokens handed out by the attachment content redirect. */
  readonly downloads = new Map<string, { attachmentId: string; expires: number }>();
  readonly statusCategories: StatusCategoryDef[] = STATUS_CATEGORIES;
  readonly statuses = new Map<string, StatusDef>(STATUSES.map((s) => [s.id, s]));
  readonly workflows = new Map<string, WorkflowDef>(WORKFLOWS.map((w) => [w.name, w]));
  readonly issueTypes = new Map<string, IssueTypeDef>(ISSUE_TYPES.map((t) => [t.id, t]));
  readonly priorities: PriorityDef[] = PRIORITIES;
  readonly fields = new Map<string, FieldDef>(FIELDS.map((f) => [f.id, f]));
  settings: SiteSettings = { attachmentMaxBytes: 10 * 1024 * 1024 };
  private counters = { issue: 10000, comment: 10000, attachment: 10000, history: 10000 };
  private projectCounters = new Map<string, number>();

  constructor(public baseUrl: string) {}

  clear(): void {
    this.accounts.clear();
    this.administrators.clear();
    this.projects.clear();
    this.issues.clear();
    this.keyIndex.clear();
    this.comments.clear();
    this.attachments.clear();
    this.remoteLinks.clear();
    this.downloads.clear();
    this.counters = { issue: 10000, comment: 10000, attachment: 10000, history: 10000 };
    this.projectCounters.clear();
  }

  nextId(kind: 'issue' | 'comment' | 'attachment' | 'history'): string {
    const id = this.counters[kind];
    this.counters[kind] = id + 1;
    return String(id);
  }

  nextIssueKey(project: ProjectDef): string {
    const n = (this.projectCounters.get(project.id) ?? 0) + 1;
    this.projectCounters.set(project.id, n);
    return `${project.key}-${n}`;
  }

  account(accountId: string): SimAccount | undefined {
    return this.accounts.get(accountId);
  }

  /** The project by id or key (keys are matched case-insensitively, as Jira does). */
  project(idOrKey: string): ProjectDef | undefined {
    const byId = this.projects.get(idOrKey);
    if (byId !== undefined) return byId;
    const upper = idOrKey.toUpperCase();
    for (const project of this.projects.values()) if (project.key === upper) return project;
    return undefined;
  }

  /** The issue by id, current key or former key (case-insensitive), like GET issue. */
  issue(idOrKey: string): IssueRecord | undefined {
    if (/^\d+$/.test(idOrKey)) return this.issues.get(idOrKey);
    const id = this.keyIndex.get(idOrKey.toUpperCase());
    return id === undefined ? undefined : this.issues.get(id);
  }

  projectOf(issue: IssueRecord): ProjectDef {
    const project = this.projects.get(issue.projectId);
    if (project === undefined) throw new Error(`issue ${issue.id} has no project ${issue.projectId}`);
    return project;
  }

  scheme(project: ProjectDef, issueTypeId: string): IssueTypeScheme | undefined {
    return project.issueTypes.find((s) => s.issueTypeId === issueTypeId);
  }

  workflowOf(issue: IssueRecord): WorkflowDef {
    const scheme = this.scheme(this.projectOf(issue), issue.issueTypeId);
    const workflow = scheme === undefined ? undefined : this.workflows.get(scheme.workflow);
    if (workflow === undefined) throw new Error(`issue ${issue.id} has no workflow`);
    return workflow;
  }

  status(id: string): StatusDef {
    const status = this.statuses.get(id);
    if (status === undefined) throw new Error(`unknown status ${id}`);
    return status;
  }

  category(id: number): StatusCategoryDef {
    const category = this.statusCategories.find((c) => c.id === id);
    if (category === undefined) throw new Error(`unknown status category ${id}`);
    return category;
  }

  isAdmin(accountId: string): boolean {
    return this.administrators.has(accountId);
  }

  /** Project permission check; Jira administrators hold every project permission here. */
  can(accountId: string, project: ProjectDef, key: PermissionKey): boolean {
    if (this.isAdmin(accountId)) return true;
    return project.grants[accountId]?.includes(key) ?? false;
  }

  canBrowse(accountId: string, project: ProjectDef): boolean {
    return this.can(accountId, project, 'BROWSE_PROJECTS');
  }

  /** True if the account holds the project permission in at least one project (global context). */
  canAnywhere(accountId: string, key: PermissionKey): boolean {
    for (const project of this.projects.values()) if (this.can(accountId, project, key)) return true;
    return false;
  }

  visibleProjects(accountId: string): ProjectDef[] {
    return [...this.projects.values()].filter((p) => this.canBrowse(accountId, p));
  }

  grant(accountId: string, project: ProjectDef, keys: readonly PermissionKey[]): void {
    const current = new Set(project.grants[accountId] ?? []);
    for (const key of keys) current.add(key);
    project.grants[accountId] = PROJECT_PERMISSION_KEYS.filter((k) => current.has(k));
  }

  revoke(accountId: string, project: ProjectDef, keys: readonly PermissionKey[]): void {
    const drop = new Set(keys);
    project.grants[accountId] = (project.grants[accountId] ?? []).filter((k) => !drop.has(k));
  }

  field(id: string): FieldDef | undefined {
    return this.fields.get(id);
  }

  defaultPriority(): PriorityDef {
    const priority = this.priorities.find((p) => p.isDefault) ?? this.priorities[0];
    if (priority === undefined) throw new Error('no priorities');
    return priority;
  }
}
