/**
 * The Jira fields an item's mappings may write, and the check of one mapping against them.
 *
 * A target must be settable when Jira creates an issue of the item's type: listed in the create
 * metadata (GET /rest/api/3/issue/createmeta/{project}/issuetypes/{type},
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-createmeta-projectidorkey-issuetypes-issuetypeid-get)
 * with a `set` or `add` operation. Read-only fields (Created, Updated, Status, …) and fields off
 * the create screen are not listed there, so they are never offered. With no issue type chosen
 * the item applies to every issue type, so a target must be settable for every standard type
 * of the project. Jira has no project-level edit metadata (editmeta is per issue), so the create
 * screen is the screen the connector can know before an issue exists.
 */
import { incompatibilityReason, isCompatible, takesValueMap } from '../domain/fieldCompatibility';
import type { ItemWarning, JiraFieldInfo, ZendeskFieldInfo } from '../domain/rpc';
import { effectiveValueMap, unmappedValues, zendeskValues, type ValueMap } from '../domain/valueMaps';
import { AppError } from '../util/errors';
import type { JiraClient } from '../jira/client';
import type { JiraField, JiraFieldCreateMetadata, JiraIssueType, JiraProject } from '../jira/schemas';
import { jiraFieldKind } from '../sync/core/fields';

export interface CreateTargets {
  /** Mapping targets by Jira field id. */
  fields: Map<string, JiraFieldInfo>;
  /** Every Jira field by id (to name a refused target). */
  allFields: Map<string, JiraField>;
  /** The type auto-create uses; null when the project has none. */
  createType: { id: string; name: string; chosen: boolean } | null;
  /** Create metadata of createType. */
  createMeta: JiraFieldCreateMetadata[];
  /** The site's priority names, highest first. */
  priorities: string[];
  /** "Task issues in SUP" or "issues of every type in SUP", for messages. */
  scope: string;
}

/** Fields the connector fills itself; never mapping targets. */
const NOT_TARGETS = new Set(['project', 'issuetype']);

function settable(meta: JiraFieldCreateMetadata): boolean {
  if (NOT_TARGETS.has(meta.fieldId)) return false;
  return meta.operations === undefined || meta.operations.some((o) => o === 'set' || o === 'add');
}

function optionValues(allowed: readonly unknown[] | undefined): string[] | undefined {
  if (!allowed) return undefined;
  const out = allowed.flatMap((a) => {
    const v = a !== null && typeof a === 'object' ? (a as Record<string, unknown>).value : undefined;
    return typeof v === 'string' ? [v] : [];
  });
  return out.length > 0 ? out : undefined;
}

export async function createTargets(
  jira: JiraClient,
  project: JiraProject,
  issueTypeId: string | undefined,
): Promise<CreateTargets> {
  const [types, jiraFields, priorities] = await Promise.all([
    jira.issueTypesForProject(project.id),
    jira.fields(),
    jira.priorities(),
  ]);
  let considered: JiraIssueType[];
  let createType: CreateTargets['createType'] = null;
  if (issueTypeId !== undefined) {
    const chosen = types.find((t) => t.id === issueTypeId);
    if (!chosen)
      throw new AppError(
        'INVALID_ITEM',
        `The issue type ${issueTypeId} is not available for creating issues in ${project.key}.`,
      );
    considered = [chosen];
    createType = { id: chosen.id, name: chosen.name, chosen: true };
  } else {
    const standard = types.filter((t) => t.subtask !== true);
    considered = standard.length > 0 ? standard : types;
    const first = considered[0];
    if (first) createType = { id: first.id, name: first.name, chosen: false };
  }
  const metas = await Promise.all(considered.map((t) => jira.createMeta(project.id, t.id)));
  const createMeta = metas[0] ?? [];
  const settableEverywhere = metas
    .map((m) => new Set(m.filter(settable).map((f) => f.fieldId)))
    .reduce<Set<string> | null>(
      (acc, ids) => (acc === null ? ids : new Set([...acc].filter((id) => ids.has(id)))),
      null,
    );

  const createById = new Map(createMeta.map((f) => [f.fieldId, f]));
  const names = priorities.map((p) => p.name);
  const fields = new Map<string, JiraFieldInfo>();
  for (const f of jiraFields) {
    if (!f.schema || !settableEverywhere?.has(f.id)) continue;
    const kind = jiraFieldKind(f);
    if (kind === 'unsupported') continue;
    const info: JiraFieldInfo = { id: f.id, name: f.name, type: f.schema.type, custom: f.custom, kind };
    const meta = createById.get(f.id);
    const allowed = kind === 'priority' ? names : optionValues(meta?.allowedValues);
    if (allowed && (kind === 'priority' || kind === 'option' || kind === 'options'))
      info.allowedValues = allowed;
    if (meta?.required === true && meta.hasDefaultValue !== true) info.required = true;
    fields.set(f.id, info);
  }
  return {
    fields,
    allFields: new Map(jiraFields.map((f) => [f.id, f])),
    createType,
    createMeta,
    priorities: names,
    scope:
      issueTypeId !== undefined && createType
        ? `${createType.name} issues in ${project.key}`
        : `issues of every type in ${project.key}`,
  };
}

/**
 * Why a mapping cannot be saved (null when it can): the target is not writable on create, the
 * types do not fit (src/domain/fieldCompatibility.ts), or the value table names values neither
 * side has.
 */
export function mappingProblems(
  zendesk: ZendeskFieldInfo,
  mapping: { jiraFieldId?: string | undefined; valueMap?: ValueMap | undefined },
  targets: Pick<CreateTargets, 'fields' | 'allFields' | 'scope'>,
): string | null {
  if (mapping.jiraFieldId === undefined) return null;
  const target = targets.fields.get(mapping.jiraFieldId);
  if (!target) {
    const known = targets.allFields.get(mapping.jiraFieldId);
    if (!known) return `The Jira field "${mapping.jiraFieldId}" does not exist.`;
    return `"${known.name}" cannot be set when creating ${targets.scope}: it is read-only, not on the create screen, or a kind of field the connector cannot write.`;
  }
  if (!isCompatible(zendesk.type, target.kind)) return incompatibilityReason(zendesk, target);
  const map = mapping.valueMap;
  if (map === undefined || Object.keys(map).length === 0) return null;
  if (!takesValueMap(target.kind))
    return `"${target.name}" is not a priority or select field, so "${zendesk.label}" takes no value table.`;
  const known = zendeskValues(zendesk);
  const strangeKey = known ? Object.keys(map).find((k) => !known.includes(k)) : undefined;
  if (strangeKey !== undefined)
    return `The value table of "${zendesk.label}" lists "${strangeKey}", which is not a value of that Zendesk field.`;
  const allowed = target.allowedValues;
  const strangeValue = allowed ? Object.values(map).find((v) => v !== '' && !allowed.includes(v)) : undefined;
  if (strangeValue !== undefined)
    return `The value table of "${zendesk.label}" names "${strangeValue}", which "${target.name}" does not offer in Jira${target.kind === 'priority' ? ' (the site’s priorities are read from Jira)' : ''}.`;
  return null;
}

/**
 * A Zendesk value as the value table shows it: an option's label ("Americas"), not its tag
 * ("amer"), so a warning names the row the admin sees.
 */
function valueLabel(zendesk: ZendeskFieldInfo, value: string): string {
  return zendesk.options?.find((o) => o.value === value)?.label ?? value;
}

/** Zendesk values a value table leaves without a Jira value: those tickets would show a problem. */
export function valueWarnings(
  mappings: readonly {
    zendeskFieldId: string;
    jiraFieldId?: string | undefined;
    valueMap?: ValueMap | undefined;
  }[],
  catalog: readonly ZendeskFieldInfo[],
  targets: Pick<CreateTargets, 'fields'>,
): ItemWarning[] {
  const out: ItemWarning[] = [];
  for (const m of mappings) {
    const target = m.jiraFieldId !== undefined ? targets.fields.get(m.jiraFieldId) : undefined;
    const zendesk = catalog.find((f) => f.id === m.zendeskFieldId);
    if (!target || !zendesk || !takesValueMap(target.kind) || !isCompatible(zendesk.type, target.kind))
      continue;
    const values = zendeskValues(zendesk);
    if (!values) continue;
    const missing = unmappedValues(values, effectiveValueMap(zendesk, target, m.valueMap));
    if (missing.length === 0) continue;
    out.push({
      kind: 'values',
      fieldId: target.id,
      fieldName: target.name,
      message: `No Jira value is chosen for ${missing.map((v) => `"${valueLabel(zendesk, v)}"`).join(', ')} of "${zendesk.label}": tickets with ${missing.length === 1 ? 'it' : 'them'} leave "${target.name}" unchanged and show a problem on the link.`,
    });
  }
  return out;
}
