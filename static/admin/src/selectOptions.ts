/** Option shapes for Atlaskit Select, built from resolver metadata. */
import { JIRA_KIND_LABELS } from '../../../src/domain/fieldCompatibility';
import type { JiraFieldInfo, ZendeskFieldInfo } from '../../../src/domain/rpc';

export interface Option<V extends string = string> {
  label: string;
  value: V;
  /** Second line in the menu: ids, types, option labels. */
  detail?: string;
  isDisabled?: boolean;
}

const MAX_OPTION_LABELS = 5;

/** "ID 360001 · dropdown · Options: Low, Normal, High" — what tells two same-named fields apart. */
export function zendeskFieldDetail(field: ZendeskFieldInfo): string {
  const parts = [`ID ${field.id}`, field.custom ? `custom ${field.type}` : field.type];
  if (field.key) parts.push(`key ${field.key}`);
  const options = field.options ?? [];
  if (options.length > 0) {
    const shown = options.slice(0, MAX_OPTION_LABELS).map((o) => o.label);
    const more = options.length - shown.length;
    parts.push(`Options: ${shown.join(', ')}${more > 0 ? ` +${more} more` : ''}`);
  }
  return parts.join(' · ');
}

export function zendeskFieldOption(field: ZendeskFieldInfo): Option {
  return { label: `${field.label} (${field.id})`, value: field.id, detail: zendeskFieldDetail(field) };
}

export function jiraFieldOption(field: JiraFieldInfo): Option {
  return {
    label: `${field.name} (${field.id})`,
    value: field.id,
    detail: `${JIRA_KIND_LABELS[field.kind]}${field.custom ? ' · custom' : ''}${field.required ? ' · required to create' : ''}`,
  };
}
