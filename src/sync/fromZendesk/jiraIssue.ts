/**
 * Reads parts of a Jira issue (docs/contracts/jira-api.md § Get issue) the pass needs, tolerating absent
 * fields.
 */
import type { SmartItem } from '../../domain/types';
import { attachmentsSchema, statusSchema, type JiraAttachment, type JiraIssue } from '../../jira/schemas';
import { mappedToJira } from '../core/desiredFields';

/** The issue fields a pass reads: status, project and type, the mapped fields, the attachments. */
export function issueFieldsFor(item: SmartItem): string[] {
  const fields = new Set(['status', 'project', 'issuetype']);
  for (const m of mappedToJira(item)) fields.add(m.jiraFieldId);
  if (item.features.attachmentSync) fields.add('attachment');
  return [...fields];
}

export function issueStatus(issue: JiraIssue): { id: string; name: string; category: string } | null {
  const parsed = statusSchema.safeParse(issue.fields.status);
  return parsed.success
    ? { id: parsed.data.id, name: parsed.data.name, category: parsed.data.statusCategory.key }
    : null;
}

export function issueAttachments(issue: JiraIssue): JiraAttachment[] {
  const parsed = attachmentsSchema.safeParse(issue.fields.attachment ?? []);
  return parsed.success ? parsed.data : [];
}

export function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  return undefined;
}
