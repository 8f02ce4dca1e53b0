/**
 * The control API: acting on the site as a Jira user would in the browser (edit,
 * transition, comment, attach, move), without REST auth. Writes go through the same
 * validation and permission checks as the REST API and emit the same events, with
 * the given account as the actor.
 */
import { textToAdf } from './adf-validate.js';
import { JiraError } from './errors.js';
import type { ForgeProductEvent } from './events.js';
import {
  addAttachments,
  addComment,
  availableTransitions,
  createIssue,
  deleteIssue,
  editIssue,
  moveIssue,
  transitionIssue,
  type SimContext,
} from './mutations.js';
import type { PermissionKey } from './permissions.js';
import { renderIssue, selectFields } from './render-issue.js';
import type { AdfDoc, IssueRecord, ProjectDef, Role } from './types.js';

/** A role name (`admin`, `agent`, `browse`, `none`), `app`, or an account id. */
export type ActorRef = Role | 'app' | (string & {});

export interface IssueSummary {
  id: string;
  key: string;
  /** Keys the issue had before it was moved; they still resolve to it. */
  formerKeys: string[];
  projectKey: string;
  issueType: string;
  status: string;
  statusCategory: string;
  summary: string;
  updated: string;
}

export interface AttachmentInput {
  filename: string;
  mimeType?: string;
  content: Buffer | Uint8Array | string;
}

export interface JiraControl {
  /** Back to the seed the simulator started with (events history and request log are kept). */
  reset(): void;
  listIssues(): IssueSummary[];
  /** The issue as an administrator sees it via GET issue with `expand=changelog`. */
  getIssue(idOrKey: string): Record<string, unknown>;
  createIssue(as: ActorRef, fields: Record<string, unknown>): { id: string; key: string };
  editIssue(
    as: ActorRef,
    idOrKey: string,
    fields: Record<string, unknown>,
    update?: Record<string, unknown>,
  ): void;
  /** By transition id, or by target status (name or id) through an available transition. */
  transitionIssue(as: ActorRef, idOrKey: string, to: { transitionId?: string; status?: string }): void;
  /** A string becomes a one-paragraph document; objects are validated as ADF like the REST API does. */
  addComment(as: ActorRef, idOrKey: string, body: string | AdfDoc | Record<string, unknown>): { id: string };
  addAttachment(as: ActorRef, idOrKey: string, file: AttachmentInput): { id: string };
  moveIssue(
    as: ActorRef,
    idOrKey: string,
    projectKey: string,
    issueTypeId?: string,
  ): { id: string; key: string; formerKey: string };
  /** Deletes the issue (emits `avi:jira:deleted:issue`); its id and keys then answer 404. */
  deleteIssue(as: ActorRef, idOrKey: string): void;
  grant(as: ActorRef, projectKey: string, permissions: PermissionKey[]): void;
  revoke(as: ActorRef, projectKey: string, permissions: PermissionKey[]): void;
  /** Makes the project a service project (`service_desk`) or back; comments then show `jsdPublic` by `sd.public.comment`. */
  setProjectType(projectKey: string, type: ProjectDef['projectTypeKey']): void;
  /** Every event emitted so far, oldest first. */
  emittedEvents(): readonly ForgeProductEvent[];
  /** JQL search lag in ms (0 = off, the default); see search-index.ts. */
  setSearchLag(ms: number): { searchLagMs: number };
}

export interface ControlDeps {
  sim: SimContext;
  reseed: () => void;
  roles: Record<Role | 'app', string>;
}

export function createControl({ sim, reseed, roles }: ControlDeps): JiraControl {
  const { state } = sim;
  const actor = (ref: ActorRef): string => {
    const byRole = (roles as Record<string, string>)[ref];
    const accountId = byRole ?? ref;
    if (state.account(accountId) === undefined) throw JiraError.badRequest(`Unknown account '${ref}'.`);
    return accountId;
  };
  const issue = (idOrKey: string): IssueRecord => {
    const found = state.issue(idOrKey);
    if (found === undefined) throw new JiraError(404, [`Issue ${idOrKey} does not exist.`]);
    return found;
  };
  const project = (key: string) => {
    const found = state.project(key);
    if (found === undefined) throw new JiraError(404, [`Project ${key} does not exist.`]);
    return found;
  };
  const formerKeys = (record: IssueRecord): string[] =>
    [...state.keyIndex.entries()]
      .filter(([key, id]) => id === record.id && key !== record.key)
      .map(([key]) => key);

  return {
    reset: reseed,
    listIssues: () =>
      [...state.issues.values()].map((record) => {
        const status = state.status(record.statusId);
        return {
          id: record.id,
          key: record.key,
          formerKeys: formerKeys(record),
          projectKey: state.projectOf(record).key,
          issueType: state.issueTypes.get(record.issueTypeId)?.name ?? record.issueTypeId,
          status: status.name,
          statusCategory: state.category(status.categoryId).key,
          summary: String(record.values.summary ?? ''),
          updated: record.updated.toISOString(),
        };
      }),
    getIssue: (idOrKey) =>
      renderIssue(state, issue(idOrKey), {
        fields: selectFields(['*all'], '*all'),
        expand: new Set(['changelog', 'names']),
        viewerId: roles.admin,
      }),
    createIssue: (as, fields) => {
      const created = createIssue(sim, actor(as), { fields });
      return { id: created.id, key: created.key };
    },
    editIssue: (as, idOrKey, fields, update) => {
      editIssue(sim, actor(as), issue(idOrKey), update === undefined ? { fields } : { fields, update });
    },
    transitionIssue: (as, idOrKey, to) => {
      const record = issue(idOrKey);
      let transitionId = to.transitionId;
      if (transitionId === undefined) {
        const wanted = (to.status ?? '').toLowerCase();
        const match = availableTransitions(state, record).find((t) => {
          const target = state.status(t.to);
          return target.id === to.status || target.name.toLowerCase() === wanted;
        });
        if (match === undefined) {
          throw JiraError.badRequest(
            `No transition to '${to.status ?? ''}' is available from '${state.status(record.statusId).name}'.`,
          );
        }
        transitionId = match.id;
      }
      transitionIssue(sim, actor(as), record, transitionId);
    },
    addComment: (as, idOrKey, body) => {
      const comment = addComment(sim, actor(as), issue(idOrKey), {
        body: typeof body === 'string' ? textToAdf(body) : body,
      });
      return { id: comment.id };
    },
    addAttachment: (as, idOrKey, file) => {
      const content =
        typeof file.content === 'string' ? Buffer.from(file.content) : Buffer.from(file.content);
      const [created] = addAttachments(sim, actor(as), issue(idOrKey), [
        { filename: file.filename, mimeType: file.mimeType ?? 'application/octet-stream', content },
      ]);
      if (created === undefined) throw new Error('attachment was not created');
      return { id: created.id };
    },
    moveIssue: (as, idOrKey, projectKey, issueTypeId) => {
      const record = issue(idOrKey);
      const formerKey = record.key;
      moveIssue(sim, actor(as), record, project(projectKey), issueTypeId);
      return { id: record.id, key: record.key, formerKey };
    },
    deleteIssue: (as, idOrKey) => deleteIssue(sim, actor(as), issue(idOrKey)),
    grant: (as, projectKey, permissions) => state.grant(actor(as), project(projectKey), permissions),
    revoke: (as, projectKey, permissions) => state.revoke(actor(as), project(projectKey), permissions),
    setProjectType: (projectKey, type) => {
      project(projectKey).projectTypeKey = type;
    },
    emittedEvents: () => sim.events.emitted(),
    setSearchLag: (ms) => {
      sim.searchIndex.setLag(ms, sim.state.issues.values());
      return { searchLagMs: sim.searchIndex.lagMs };
    },
  };
}
