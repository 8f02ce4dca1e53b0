/**
 * `expand=renderedFields`: each selected field as Jira renders it for display.
 *
 * - Documents (description, environment, paragraph custom fields) → HTML.
 * - Single-line text custom fields → the text, HTML-escaped.
 * - Dates → Jira's default day format `dd/MMM/yy` ("15/Jan/26"); date-times (created, updated,
 *   resolved, status category changed) → the default complete format `dd/MMM/yy h:mm a`
 *   ("15/Jan/26 3:04 PM") (defaults of Jira's "Look and feel" date settings,
 *   https://support.atlassian.com/jira-cloud-administration/docs/configure-the-look-and-feel-of-jira-applications/).
 *   Read in UTC, not the caller's time zone; Jira also writes recent times as "Today 3:04 PM",
 *   which is not simulated.
 * - The comment field → its page with each body as HTML.
 * - Everything else (users, options, numbers, labels, statuses…) → null, as Jira leaves fields
 *   that have no renderer.
 */
import { adfToHtml } from './adfValidate.js';
import { renderComment } from './renderIssue.js';
import type { JiraState } from './state.js';
import type { AdfDoc, FieldDef, IssueRecord } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function day(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  return `${dd}/${MONTHS[date.getUTCMonth()] ?? ''}/${yy}`;
}

function dateTime(date: Date): string {
  const h = date.getUTCHours();
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${day(date)} ${h % 12 === 0 ? 12 : h % 12}:${mm} ${h < 12 ? 'AM' : 'PM'}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const DATE_TIMES: Record<string, (issue: IssueRecord) => Date | null> = {
  created: (i) => i.created,
  updated: (i) => i.updated,
  resolutiondate: (i) => i.resolutionDate,
  statuscategorychangedate: (i) => i.statusCategoryChanged,
};

export function renderedValue(state: JiraState, issue: IssueRecord, field: FieldDef): unknown {
  const at = DATE_TIMES[field.id];
  if (at !== undefined) {
    const date = at(issue);
    return date === null ? null : dateTime(date);
  }
  if (field.id === 'comment') {
    const comments = issue.commentIds.flatMap((id) => {
      const comment = state.comments.get(id);
      return comment === undefined
        ? []
        : [{ ...renderComment(state, comment), body: adfToHtml(comment.body) }];
    });
    return { comments, maxResults: comments.length, total: comments.length, startAt: 0 };
  }
  const value = issue.values[field.id];
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'adf':
      return adfToHtml(value as AdfDoc);
    case 'text':
      return typeof value === 'string' ? escapeHtml(value) : null;
    case 'date':
      return typeof value === 'string' ? day(new Date(`${value}T00:00:00Z`)) : null;
    default:
      return null;
  }
}
