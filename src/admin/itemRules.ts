/**
 * Smart Connected Item rules (docs/contracts/connector-rules.md § Smart Connected Items):
 * synchronized modes and sync features exist only for tickets, features and Jira field
 * mappings only in sync modes, mapped Zendesk fields must exist in the live catalog (the
 * label comes from there), and the Jira project and issue type must exist.
 */
import { conditionsOverlap, describeConditions, normalizeConditions } from '../domain/autoCreateRules';
import { sameNamedItem } from '../domain/itemNames';
import type { ItemWarning, JiraFieldInfo, ZendeskFieldInfo } from '../domain/rpc';
import {
  NO_FEATURES,
  type FieldMapping,
  type SaveItemInput,
  type SmartItem,
  type SyncFeatures,
} from '../domain/types';
import { type JiraClient } from '../jira/client';
import { JiraApiError } from '../jira/errors';
import type { JiraIssueType, JiraProject } from '../jira/schemas';
import { AppError } from '../util/errors';
import { createTargets, mappingProblems, valueWarnings, type CreateTargets } from './createTargets';

const invalid = (message: string): AppError => new AppError('INVALID_ITEM', message);

const anyFeature = (f: SyncFeatures): boolean =>
  f.autoCreate || f.statusSync || f.commentSync || f.attachmentSync;

/** The rules that need no lookups. Throws INVALID_ITEM with a readable reason. */
export function checkItemRules(input: SaveItemInput): void {
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

export async function findProject(jira: JiraClient, projectId: string): Promise<JiraProject> {
  try {
    return await jira.getProject(projectId);
  } catch (error) {
    if (error instanceof JiraApiError && error.status === 404) {
      throw invalid(`The Jira project ${projectId} does not exist or the app cannot see it.`);
    }
    throw error;
  }
}

/** The issue type the item names, checked against the project (sub-tasks cannot auto-create). */
async function chosenIssueType(
  jira: JiraClient,
  project: JiraProject,
  input: Pick<SaveItemInput, 'issueTypeId' | 'features'>,
): Promise<JiraIssueType | undefined> {
  if (input.issueTypeId === undefined) return undefined;
  const types = await jira.issueTypesForProject(project.id);
  const issueType = types.find((t) => t.id === input.issueTypeId);
  if (!issueType)
    throw invalid(
      `The issue type ${input.issueTypeId} is not available for creating issues in ${project.key}.`,
    );
  if (issueType.subtask === true && input.features.autoCreate) {
    throw invalid(
      `Auto-create cannot use the sub-task type "${issueType.name}": a sub-task needs a parent issue.`,
    );
  }
  return issueType;
}

/** Validates against Jira and the Zendesk field catalog and builds the stored item. */
export async function buildItem(
  input: SaveItemInput,
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

  const project = await findProject(deps.jira, input.projectId);
  const [catalog, issueType] = await Promise.all([
    deps.zendeskFields(),
    chosenIssueType(deps.jira, project, input),
  ]);
  const targets = mapsJira ? await createTargets(deps.jira, project, input.issueTypeId) : null;

  const byId = new Map(catalog.map((f) => [f.id, f]));
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
    if (f.jiraFieldId !== undefined && targets) {
      // Every refusal names the field and the reason, and nothing is stored.
      const problem = mappingProblems(info, f, targets);
      if (problem !== null) throw invalid(problem);
      const target = targets.fields.get(f.jiraFieldId) as JiraFieldInfo;
      mapping.jiraFieldId = target.id;
      mapping.jiraFieldName = target.name;
      if (f.valueMap !== undefined && Object.keys(f.valueMap).length > 0)
        mapping.valueMap = { ...f.valueMap };
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
    const conditions = normalizeConditions(input.autoCreateConditions);
    if (conditions) item.autoCreateConditions = conditions;
  }
  if (syncing && input.commentVisibility) {
    item.commentVisibility = {
      jiraToZendesk: input.syncMode === 'twoWay' ? input.commentVisibility.jiraToZendesk : 'public',
      ...(input.commentVisibility.internalNotes
        ? { internalNotes: { ...input.commentVisibility.internalNotes } }
        : {}),
    };
  }
  return item;
}

/** Fields the app never needs to supply: set from the item, the app account or a default. */
const ALWAYS_COVERED = new Set(['project', 'issuetype', 'reporter']);
/** Filled by the scheduler from the ticket when unmapped (summary from the subject). */
const SYNC_DEFAULTED = new Set(['summary']);

/**
 * Required create fields of the auto-create type that no compatible mapping fills and Jira has
 * no default for. `catalog` gives the Zendesk field types of the mappings.
 */
export function coverageWarnings(
  targets: CreateTargets,
  mappings: readonly { zendeskFieldId: string; jiraFieldId?: string | undefined }[],
  catalog: readonly ZendeskFieldInfo[],
): ItemWarning[] {
  const type = targets.createType;
  if (!type) {
    return [
      {
        kind: 'coverage',
        message: 'This project has no issue type auto-create can use, so no issue can be created.',
      },
    ];
  }
  const note = type.chosen
    ? ''
    : ` No issue type is chosen, so auto-create uses ${type.name}; choose an issue type to be sure.`;
  const zendeskById = new Map(catalog.map((f) => [f.id, f]));
  const out: ItemWarning[] = [];
  for (const f of targets.createMeta) {
    if (!f.required || f.hasDefaultValue === true) continue;
    if (ALWAYS_COVERED.has(f.fieldId) || SYNC_DEFAULTED.has(f.fieldId)) continue;
    const mapping = mappings.find((m) => m.jiraFieldId === f.fieldId);
    const base = { kind: 'coverage' as const, fieldId: f.fieldId, fieldName: f.name };
    if (!mapping) {
      out.push({
        ...base,
        message: `"${f.name}" is required to create ${type.name} issues and has no default; map a compatible Zendesk field to it or auto-created issues will fail.${note}`,
      });
      continue;
    }
    const zendesk = zendeskById.get(mapping.zendeskFieldId);
    const target = targets.fields.get(f.fieldId);
    const problem = zendesk
      ? mappingProblems(zendesk, mapping, targets)
      : 'the Zendesk field no longer exists';
    if (problem !== null || !target) {
      out.push({
        ...base,
        message: `"${f.name}" is required to create ${type.name} issues, but its mapping cannot fill it: ${problem ?? 'it is not on the create screen'}${note}`,
      });
    }
  }
  return out;
}

/** Other auto-create items on the same project that could pick the same ticket. */
export function overlapWarnings(input: SaveItemInput, others: readonly SmartItem[]): ItemWarning[] {
  if (!input.features.autoCreate || input.syncMode === 'none') return [];
  const mine = normalizeConditions(input.autoCreateConditions);
  return others
    .filter(
      (o) =>
        o.id !== input.id &&
        o.projectId === input.projectId &&
        o.features.autoCreate &&
        o.syncMode !== 'none' &&
        o.zendeskObject === 'ticket' &&
        conditionsOverlap(mine, o.autoCreateConditions),
    )
    .map((o) => ({
      kind: 'overlap' as const,
      message: `"${o.name}" also auto-creates issues in ${o.projectKey} (for ${describeConditions(o.autoCreateConditions)}); this item takes ${describeConditions(mine)}. A ticket that matches both gets two Jira issues. Add conditions that tell them apart (group, brand, form, priority or channel).`,
    }));
}

/** Everything the admin should know before saving the draft; nothing is stored. */
export async function checkItem(
  input: SaveItemInput,
  deps: {
    jira: JiraClient;
    zendeskFields: () => Promise<ZendeskFieldInfo[]>;
    items: () => Promise<SmartItem[]>;
  },
): Promise<ItemWarning[]> {
  checkItemRules(input);
  if (input.syncMode === 'none' || input.zendeskObject !== 'ticket') return [];
  const project = await findProject(deps.jira, input.projectId);
  const [catalog, targets, items] = await Promise.all([
    deps.zendeskFields(),
    createTargets(deps.jira, project, input.issueTypeId),
    deps.items(),
  ]);
  return [
    ...coverageWarnings(targets, input.fields, catalog),
    ...valueWarnings(input.fields, catalog, targets),
    ...overlapWarnings({ ...input, projectId: project.id }, items),
  ];
}
