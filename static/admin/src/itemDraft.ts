/**
 * The item editor's working copy and the rules that keep it consistent with the
 * product: synchronized modes and sync features exist only for Zendesk tickets.
 */
import { normalizeConditions, type AutoCreateConditions } from '../../../src/domain/autoCreateRules';
import { DEFAULT_COMMENT_VISIBILITY, type CommentVisibility } from '../../../src/domain/commentVisibility';
import type { SaveItemInput } from '../../../src/domain/types';
import {
  NO_FEATURES,
  type SmartItem,
  type SyncFeatures,
  type SyncMode,
  type ZendeskObject,
} from '../../../src/domain/types';

export interface DraftField {
  zendeskFieldId: string;
  /** Display label remembered from the item or metadata, for fields metadata no longer lists. */
  label: string;
  jiraFieldId: string | null;
  preview: boolean;
  /** Zendesk value → Jira value; null = the default table (site priorities, options by name). */
  valueMap: Record<string, string> | null;
}

export interface ItemDraft {
  id: string | null;
  name: string;
  syncMode: SyncMode;
  projectId: string | null;
  issueTypeId: string | null;
  zendeskObject: ZendeskObject;
  fields: DraftField[];
  features: SyncFeatures;
  autoCreateConditions: AutoCreateConditions;
  commentVisibility: CommentVisibility;
}

export function emptyDraft(): ItemDraft {
  return {
    id: null,
    name: '',
    syncMode: 'none',
    projectId: null,
    issueTypeId: null,
    zendeskObject: 'ticket',
    fields: [],
    features: { ...NO_FEATURES },
    autoCreateConditions: {},
    commentVisibility: { ...DEFAULT_COMMENT_VISIBILITY },
  };
}

export function draftFromItem(item: SmartItem): ItemDraft {
  return {
    id: item.id,
    name: item.name,
    syncMode: item.syncMode,
    projectId: item.projectId,
    issueTypeId: item.issueTypeId ?? null,
    zendeskObject: item.zendeskObject,
    fields: item.fields.map((f) => ({
      zendeskFieldId: f.zendeskFieldId,
      label: f.zendeskFieldLabel,
      jiraFieldId: f.jiraFieldId ?? null,
      preview: f.preview,
      valueMap: f.valueMap ? { ...f.valueMap } : null,
    })),
    features: { ...item.features },
    autoCreateConditions: { ...item.autoCreateConditions },
    commentVisibility: { ...(item.commentVisibility ?? DEFAULT_COMMENT_VISIBILITY) },
  };
}

export function syncAllowed(object: ZendeskObject): boolean {
  return object === 'ticket';
}

export function isSyncing(draft: Pick<ItemDraft, 'syncMode' | 'zendeskObject'>): boolean {
  return draft.syncMode !== 'none' && syncAllowed(draft.zendeskObject);
}

/** Field ids differ per Zendesk object, so switching objects starts the mapping over. */
export function withZendeskObject(draft: ItemDraft, zendeskObject: ZendeskObject): ItemDraft {
  if (zendeskObject === draft.zendeskObject) return draft;
  const next: ItemDraft = { ...draft, zendeskObject, fields: [] };
  return syncAllowed(zendeskObject) ? next : withSyncMode(next, 'none');
}

export function withSyncMode(draft: ItemDraft, syncMode: SyncMode): ItemDraft {
  if (syncMode !== 'none' && !syncAllowed(draft.zendeskObject)) return draft;
  if (syncMode !== 'none') return { ...draft, syncMode };
  return {
    ...draft,
    syncMode,
    features: { ...NO_FEATURES },
    fields: draft.fields.map((f) => ({ ...f, jiraFieldId: null, valueMap: null })),
  };
}

export function withProject(draft: ItemDraft, projectId: string | null): ItemDraft {
  if (projectId === draft.projectId) return draft;
  return { ...draft, projectId, issueTypeId: null };
}

export function withFeature(draft: ItemDraft, feature: keyof SyncFeatures, on: boolean): ItemDraft {
  if (on && !isSyncing(draft)) return draft;
  return { ...draft, features: { ...draft.features, [feature]: on } };
}

export function addField(draft: ItemDraft, zendeskFieldId: string, label: string): ItemDraft {
  if (draft.fields.some((f) => f.zendeskFieldId === zendeskFieldId)) return draft;
  return {
    ...draft,
    fields: [...draft.fields, { zendeskFieldId, label, jiraFieldId: null, preview: true, valueMap: null }],
  };
}

export function updateField(
  draft: ItemDraft,
  zendeskFieldId: string,
  change: Partial<Omit<DraftField, 'zendeskFieldId'>>,
): ItemDraft {
  return {
    ...draft,
    fields: draft.fields.map((f) => (f.zendeskFieldId === zendeskFieldId ? { ...f, ...change } : f)),
  };
}

export function removeField(draft: ItemDraft, zendeskFieldId: string): ItemDraft {
  return { ...draft, fields: draft.fields.filter((f) => f.zendeskFieldId !== zendeskFieldId) };
}

/** Jira fields whose create-time coverage the backend should check. */
export function mappedJiraFieldIds(draft: ItemDraft): string[] {
  if (!isSyncing(draft)) return [];
  return [...new Set(draft.fields.flatMap((f) => (f.jiraFieldId ? [f.jiraFieldId] : [])))];
}

export interface DraftProblems {
  name?: string;
  project?: string;
  fields?: string;
}

export function draftProblems(draft: ItemDraft): DraftProblems {
  const problems: DraftProblems = {};
  if (draft.name.trim() === '') problems.name = 'Give the item a name; Jira users see it in the issue panel.';
  if (!draft.projectId) problems.project = 'Choose the Jira project this item applies to.';
  const jiraIds = draft.fields.flatMap((f) => (isSyncing(draft) && f.jiraFieldId ? [f.jiraFieldId] : []));
  if (new Set(jiraIds).size !== jiraIds.length) {
    problems.fields = 'Each Jira field can receive only one Zendesk field.';
  }
  return problems;
}

export function hasProblems(problems: DraftProblems): boolean {
  return Object.keys(problems).length > 0;
}

/** The payload for saveItem; only call when draftProblems is empty. */
export function toSaveInput(draft: ItemDraft): SaveItemInput {
  const syncing = isSyncing(draft);
  const conditions = normalizeConditions(draft.autoCreateConditions);
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name.trim(),
    syncMode: syncing ? draft.syncMode : 'none',
    projectId: draft.projectId ?? '',
    ...(draft.issueTypeId ? { issueTypeId: draft.issueTypeId } : {}),
    zendeskObject: draft.zendeskObject,
    fields: draft.fields.map((f) => ({
      zendeskFieldId: f.zendeskFieldId,
      ...(syncing && f.jiraFieldId ? { jiraFieldId: f.jiraFieldId } : {}),
      preview: f.preview,
      ...(syncing && f.jiraFieldId && f.valueMap ? { valueMap: f.valueMap } : {}),
    })),
    features: syncing ? { ...draft.features } : { ...NO_FEATURES },
    ...(syncing && draft.features.autoCreate && conditions ? { autoCreateConditions: conditions } : {}),
    ...(syncing && draft.features.commentSync ? { commentVisibility: visibility(draft) } : {}),
  };
}

/** Only two-way items push Jira comments; a restriction needs a role or group name. */
function visibility(draft: ItemDraft): CommentVisibility {
  const notes = draft.commentVisibility.internalNotes;
  return {
    jiraToZendesk: draft.syncMode === 'twoWay' ? draft.commentVisibility.jiraToZendesk : 'public',
    ...(notes && notes.value.trim() !== ''
      ? { internalNotes: { type: notes.type, value: notes.value.trim() } }
      : {}),
  };
}
