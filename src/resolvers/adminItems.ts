/**
 * Smart Connected Item rules (docs/contracts/connector-rules.md § Smart Connected Items):
 * synchronized modes and sync features exist only for tickets, features and Jira field
 * mappings only in sync modes, mapped Zendesk fields must exist in the live catalog (the
 * label comes from there), and the Jira project and issue type must exist.
 */
import { sameNamedItem } from '../domain/itemNames';
import type { CoverageWarning, SaveItemInput, ZendeskFieldInfo } from '../domain/rpc';
import { NO_FEATURES, type FieldMapping, type SmartItem, type SyncFeatures } from '../domain/types';
import { type JiraClient } from '../jira/client';
import { JiraApiError } from '../jira/errors';
import type { JiraFieldCreateMetadata, JiraIssueType, JiraProject } from '../jira/schemas';
import { AppError } from '../util/errors';

export type ItemInput = Omit<SaveItemInput, 'id' | 'issueTypeId' | 'fields'> & {
  id?: string | undefined;
  issueTypeId?: string | undefined;
  fields: { zendeskFieldId: string; jiraFieldId?: string | undefined; preview: boolean }[];
};

const invalid = (message: string): AppError => new AppError('INVALID_ITEM', message);

const anyFeature = (f: SyncFeatures): boolean =>
  f.autoCreate || f.statusSync || f.commentSync || f.attachmentSync;

/** The rules that need no lookups. Throws INVALID_ITEM with a readable reason. */
export function checkItemRules(input: ItemInput): void {
  if (input.zendeskObject !== 'ticket' && input.syncMode !== 'none') {
    throw invalid(
      'Only Zendesk tickets support one-way and two-way sync; customers and organizations are display-only.',
    );
  }
  if (anyFeature(input.features) && (input.syncMode === 'none' || input.zendeskObject !== 'ticket')) {
    throw invalid(
      'Auto-create, status, comment and attachment sync are only available for one-way or two-way ticket items.',
    );
  }
  if (input.syncMode === 'none' && input.fields.some((f) => f.jiraFieldId !== undefined)) {
    throw invalid(
      'Jira field mappings are only used by one-way and two-way sync items; display-only items only preview Zendesk fields.',
    );
  }
  const zendeskIds = input.fields.map((f) => f.zendeskFieldId);
  const dupZendesk = zendeskIds.find((id, i) => zendeskIds.indexOf(id) !== i);
  if (dupZendesk !== undefined) throw invalid(`The Zendesk field "${dupZendesk}" is mapped more than once.`);
  const jiraIds = input.fields.flatMap((f) => (f.jiraFieldId !== undefined ? [f.jiraFieldId] : []));
  const dupJira = jiraIds.find((id, i) => jiraIds.indexOf(id) !== i);
  if (dupJira !== undefined)
    throw invalid(`Each Jira field can receive only one Zendesk field; "${dupJira}" is used twice.`);
}

/**
 * Item names are unique, ignoring case and spacing: the issue panel and the activity view
 * tell items apart by name. Checked on the server, against every stored item.
 */
export function checkUniqueName(
  name: string,
  ownId: string | undefined,
  items: readonly Pick<SmartItem, 'id' | 'name'>[],
): void {
  const other = sameNamedItem(name, ownId, items);
  if (other !== undefined) {
    throw new AppError(
      'DUPLICATE_NAME',
      `Another Smart Connected Item is already named "${other.name}". Item names must be unique (capitals and spaces do not count); choose a different name.`,
    );
  }
}

async function findProject(jira: JiraClient, projectId: string): Promise<JiraProject> {
  try {
    return await jira.getProject(projectId);
  } catch (error) {
    if (error instanceof JiraApiError && error.status === 404) {
      throw invalid(`The Jira project ${projectId} does not exist or the app cannot see it.`);
    }
    throw error;
  }
}

/** Validates against Jira and the Zendesk field catalog and builds the stored item. */
export async function buildItem(
  input: ItemInput,
  existing: SmartItem | null,
  deps: {
    jira: JiraClient;
    zendeskFields: () => Promise<ZendeskFieldInfo[]>;
    now: Date;
    newId: () => string;
  },
): Promise<SmartItem> {
  checkItemRules(input);
  const syncing = input.syncMode !== 'none';
  const mapsJira = input.fields.some((f) => f.jiraFieldId !== undefined);

  const [project, catalog, jiraFields] = await Promise.all([
    findProject(deps.jira, input.projectId),
    deps.zendeskFields(),
    mapsJira ? deps.jira.fields() : Promise.resolve([]),
  ]);

  let issueType: JiraIssueType | undefined;
  if (input.issueTypeId !== undefined) {
    const types = await deps.jira.issueTypesForProject(project.id);
    issueType = types.find((t) => t.id === input.issueTypeId);
    if (!issueType)
      throw invalid(
        `The issue type ${input.issueTypeId} is not available for creating issues in ${project.key}.`,
      );
    if (issueType.subtask === true && input.features.autoCreate) {
      throw invalid(
        `Auto-create cannot use the sub-task type "${issueType.name}": a sub-task needs a parent issue.`,
      );
    }
  }

  const byId = new Map(catalog.map((f) => [f.id, f]));
  const jiraById = new Map(jiraFields.map((f) => [f.id, f]));
  const fields: FieldMapping[] = input.fields.map((f) => {
    const info = byId.get(f.zendeskFieldId);
    if (!info)
      throw invalid(
        `The Zendesk field "${f.zendeskFieldId}" does not exist for this Zendesk object (or is inactive).`,
      );
    const mapping: FieldMapping = {
      zendeskFieldId: info.id,
      zendeskFieldLabel: info.label,
      preview: f.preview,
    };
    if (info.key !== undefined) mapping.zendeskFieldKey = info.key;
    if (f.jiraFieldId !== undefined) {
      const jf = jiraById.get(f.jiraFieldId);
      if (!jf) throw invalid(`The Jira field "${f.jiraFieldId}" does not exist.`);
      mapping.jiraFieldId = jf.id;
      mapping.jiraFieldName = jf.name;
    }
    return mapping;
  });

  const now = deps.now.toISOString();
  const item: SmartItem = {
    id: existing?.id ?? deps.newId(),
    name: input.name,
    syncMode: input.syncMode,
    projectId: project.id,
    projectKey: project.key,
    projectName: project.name,
    zendeskObject: input.zendeskObject,
    fields,
    features: syncing ? { ...input.features } : { ...NO_FEATURES },
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (issueType) {
    item.issueTypeId = issueType.id;
    item.issueTypeName = issueType.name;
  }
  // Editing an item never resumes it: only the admin's Resume does (with its catch-up).
  if (existing?.paused) item.paused = existing.paused;
  // "New tickets" for auto-create start when auto-create is turned on, and stay so while it is on.
  if (item.features.autoCreate) {
    const wasOn = existing?.features.autoCreate === true;
    item.autoCreateSince = (wasOn ? existing.autoCreateSince : undefined) ?? now;
  }
  return item;
}

/** Fields the app never needs to supply: set from the item, the app account or a default. */
const ALWAYS_COVERED = new Set(['project', 'issuetype', 'reporter']);
/** Filled by the scheduler from the ticket when unmapped (summary from the subject). */
const SYNC_DEFAULTED = new Set(['summary']);

/**
 * Required create fields (docs/contracts/jira-api.md § Create metadata) with no default that no mapping
 * covers.
 */
export function coverageWarnings(
  meta: readonly JiraFieldCreateMetadata[],
  jiraFieldIds: readonly string[],
  issueTypeName: string,
  note = '',
): CoverageWarning[] {
  const mapped = new Set(jiraFieldIds);
  return meta
    .filter(
      (f) =>
        f.required &&
        f.hasDefaultValue !== true &&
        !ALWAYS_COVERED.has(f.fieldId) &&
        !SYNC_DEFAULTED.has(f.fieldId),
    )
    .filter((f) => !mapped.has(f.fieldId))
    .map((f) => ({
      fieldId: f.fieldId,
      fieldName: f.name,
      message: `"${f.name}" is required to create ${issueTypeName} issues and has no default; map a Zendesk field to it or auto-created issues will fail.${note}`,
    }));
}

/**
 * Coverage for the chosen issue type, or, when none is chosen, for the type the scheduler
 * falls back to (the project's first non-sub-task type, as src/sync/fromZendesk/autoCreate.ts does).
 */
export async function checkCoverage(
  jira: JiraClient,
  input: { projectId: string; issueTypeId?: string | undefined; jiraFieldIds: string[] },
): Promise<CoverageWarning[]> {
  const project = await findProject(jira, input.projectId);
  const types = await jira.issueTypesForProject(project.id);
  let type: JiraIssueType | undefined;
  let note = '';
  if (input.issueTypeId !== undefined) {
    type = types.find((t) => t.id === input.issueTypeId);
    if (!type)
      throw invalid(
        `The issue type ${input.issueTypeId} is not available for creating issues in ${project.key}.`,
      );
  } else {
    type = types.find((t) => t.subtask !== true) ?? types[0];
    if (!type) return [];
    note = ` (No issue type is chosen, so auto-create uses ${type.name}.)`;
  }
  const meta = await jira.createMeta(project.id, type.id);
  return coverageWarnings(meta, input.jiraFieldIds, type.name, note);
}
