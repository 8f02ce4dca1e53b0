/**
 * What every panel call establishes before its work: which issue (from the invocation
 * context, never the payload), whether the caller may see or edit it (asked of Jira as the
 * caller, with the issue as permission context: docs/contracts/jira-api.md § Permissions), and the Zendesk
 * connection.
 */
import { z } from 'zod';
import type { LicenseState } from '../domain/rpc';
import type { ConnectionRecord, SmartItem } from '../domain/types';
import { jiraClient, type JiraClient } from '../jira/client';
import { loadCredentials } from '../storage/connection';
import { createZendeskClient, type ZendeskClient, type ZendeskCredentials } from '../zendesk/client';
import { jiraAccessError, NO_ACCESS_MESSAGE, NO_EDIT_MESSAGE, NOT_CONNECTED_MESSAGE } from './errors';
import { AppError } from '../util/errors';
import { JIRA_ID_PATTERN, JIRA_ISSUE_KEY_PATTERN } from '../domain/ids';

const jiraId = z.string().regex(JIRA_ID_PATTERN);
const jiraKey = z.string().regex(JIRA_ISSUE_KEY_PATTERN);

/**
 * The part of the Forge issue-panel context the panel uses (docs/contracts/forge-platform.md § Resolvers).
 */
const panelContextSchema = z.object({
  accountId: z.string().min(1).optional(),
  extension: z.object({
    issue: z.object({
      id: z.union([jiraId, z.number().int().positive().transform(String)]),
      key: jiraKey,
      // Forge puts the issue type's name in `type` and, on Jira issue modules, its id in `typeId`.
      typeId: z.union([jiraId, z.number().int().positive().transform(String)]).optional(),
    }),
    project: z
      .object({
        id: z.union([jiraId, z.number().int().positive().transform(String)]),
        key: z.string().optional(),
      })
      .optional(),
  }),
});

export interface IssueRef {
  id: string;
  key: string;
  projectId: string | null;
  issueTypeId: string | null;
}

export function issueFromContext(context: Record<string, unknown>): {
  issue: IssueRef;
  accountId: string | null;
} {
  const parsed = panelContextSchema.safeParse(context);
  if (!parsed.success) {
    throw new AppError(
      'NO_ISSUE',
      'The Zendesk panel can only be used on a Jira issue (the invocation carried no issue).',
    );
  }
  const { issue, project } = parsed.data.extension;
  return {
    issue: {
      id: issue.id,
      key: issue.key.toUpperCase(),
      projectId: project?.id ?? null,
      issueTypeId: issue.typeId ?? null,
    },
    accountId: parsed.data.accountId ?? null,
  };
}

export interface Access {
  browse: boolean;
  /** May edit the issue (link, unlink); false also when the call did not ask (search). */
  edit: boolean;
  /** A Jira admin (global ADMINISTER): the only caller shown upstream details. */
  admin: boolean;
}

/**
 * One mypermissions call as the caller, scoped to the issue; a 404 means the issue is not
 * visible. The global ADMINISTER rides along: "Global permissions are unaffected by context"
 * (docs/contracts/jira-api.md § Permissions), so knowing whether details may be shown costs no
 * second request. EDIT_ISSUES is asked only when the call needs it.
 */
export async function issueAccess(jiraUser: JiraClient, issueId: string, askEdit = true): Promise<Access> {
  let perms: Record<string, boolean>;
  const keys = askEdit ? ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'ADMINISTER'] : ['BROWSE_PROJECTS', 'ADMINISTER'];
  try {
    perms = await jiraUser.hasPermissions(keys, { issueId });
  } catch (error) {
    throw jiraAccessError(error);
  }
  const browse = perms.BROWSE_PROJECTS === true;
  return { browse, edit: browse && perms.EDIT_ISSUES === true, admin: perms.ADMINISTER === true };
}

export interface PanelSession {
  issue: IssueRef;
  accountId: string;
  license: LicenseState;
  access: Access;
  connection: ConnectionRecord;
  /** The connection's credentials, for a sync context of this call (the manual link's first pass). */
  credentials: ZendeskCredentials;
  zendesk: ZendeskClient;
  jiraApp: JiraClient;
  jiraUser: JiraClient;
}

export interface SessionDeps {
  jiraUser?: () => JiraClient;
  jiraApp?: () => JiraClient;
  zendesk?: (credentials: Parameters<typeof createZendeskClient>[0]) => ZendeskClient;
}

/**
 * What a call needs of the caller: `search` only browses (its answer has no buttons, so edit
 * rights are not asked); `browse` also learns whether the caller may edit (cards show Link and
 * Unlink accordingly); `edit` refuses callers without EDIT_ISSUES.
 */
export type Need = 'search' | 'browse' | 'edit';

/**
 * Resolves the issue and the caller's rights, then the connection. Every call refuses callers
 * who cannot browse the issue.
 */
export async function openSession(
  context: Record<string, unknown>,
  license: LicenseState,
  need: Need,
  deps: SessionDeps = {},
): Promise<PanelSession> {
  const { issue, accountId } = issueFromContext(context);
  // asUser needs an invoking user; an app-only invocation cannot prove anyone's access.
  if (accountId === null) throw new AppError('NO_ACCESS', NO_ACCESS_MESSAGE);
  const jiraUser = deps.jiraUser?.() ?? jiraClient('user', { waitBudgetMs: 3_000 });
  const access = await issueAccess(jiraUser, issue.id, need !== 'search');
  if (!access.browse) throw new AppError('NO_ACCESS', NO_ACCESS_MESSAGE);
  if (need === 'edit' && !access.edit) throw new AppError('NO_EDIT_PERMISSION', NO_EDIT_MESSAGE);
  const loaded = await loadCredentials();
  if (!loaded) throw new AppError('NOT_CONNECTED', NOT_CONNECTED_MESSAGE);
  // Resolvers have 25 s in all; retries may not eat most of it.
  const zendesk =
    deps.zendesk?.(loaded.credentials) ?? createZendeskClient(loaded.credentials, { waitBudgetMs: 5_000 });
  const jiraApp = deps.jiraApp?.() ?? jiraClient('app', { waitBudgetMs: 3_000 });
  return {
    issue,
    accountId,
    license,
    access,
    connection: loaded.connection,
    credentials: loaded.credentials,
    zendesk,
    jiraApp,
    jiraUser,
  };
}

/** The issue's project and type as Jira reports them now (asApp), with its current key. */
export async function verifiedIssue(session: PanelSession): Promise<IssueRef> {
  let fetched;
  try {
    fetched = await session.jiraApp.getIssue(session.issue.id, ['issuetype', 'project']);
  } catch (error) {
    throw jiraAccessError(error);
  }
  const idOf = (v: unknown): string | null =>
    v && typeof v === 'object' && 'id' in v && (typeof v.id === 'string' || typeof v.id === 'number')
      ? String(v.id)
      : null;
  return {
    id: fetched.id,
    key: fetched.key,
    projectId: idOf(fetched.fields.project),
    issueTypeId: idOf(fetched.fields.issuetype),
  };
}

/** Fills project and type from Jira when the context lacks what the items need. */
export async function issueScope(session: PanelSession, items: readonly SmartItem[]): Promise<IssueRef> {
  const { issue } = session;
  const needType = items.some((i) => i.issueTypeId !== undefined);
  if (issue.projectId !== null && (!needType || issue.issueTypeId !== null)) return issue;
  return verifiedIssue(session);
}

/** Does the item apply to the issue (its project, and its issue type when the item sets one)? */
export function itemApplies(item: SmartItem, issue: Pick<IssueRef, 'projectId' | 'issueTypeId'>): boolean {
  if (issue.projectId === null || item.projectId !== issue.projectId) return false;
  return item.issueTypeId === undefined || item.issueTypeId === issue.issueTypeId;
}
