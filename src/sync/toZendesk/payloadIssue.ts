/**
 * Where an issue-updated delivery takes the issue's values from (docs/sync-model.md § Jira →
 * Zendesk, Fields): the event's own `issue.fields` when they are provably the newest Jira
 * values, and the ordering guard that proof rests on.
 */
import type { JiraIssue } from '../../jira/schemas';
import { fieldMemoryKey, type LinkState } from '../core/state';
import { parseJiraTime, type IssueUpdatedEvent } from './payloads';
import type { UpdateScope } from './updatePlan';

/**
 * How long before an edit an app write to the same Jira field still makes the event's values
 * suspect: what the clocks of Jira (`fields.updated`) and of the app's function may differ by.
 * Both run on Atlassian's NTP-synchronised hosts; in the sandbox they are one clock.
 */
export const CLOCK_SLACK_MS = 2_000;

/**
 * The issue as the event carries it (`issue.fields` is the issue after the change), when that
 * is provably the newest Jira value of everything this update needs: every changed field is
 * in the payload, no newer issue-updated event was applied to the link (`fields.updated`, the
 * ordering guard), and the Zendesk → Jira pass wrote none of these fields to Jira since the
 * edit (its writes, made as the app, fire no event). Otherwise null: the issue is read.
 */
export function issueFromPayload(
  event: IssueUpdatedEvent,
  state: LinkState,
  { mappings, withStatus }: UpdateScope,
): JiraIssue | null {
  const fields = event.issue.fields;
  const updated = parseJiraTime(typeof fields?.updated === 'string' ? fields.updated : undefined);
  if (!fields || updated === null || event.issue.key === undefined) return null;
  const applied = parseJiraTime(state.record.toZendesk?.issueUpdated);
  if (applied !== null && updated < applied) return null;
  const writtenByApp = (memory: { by: string; at: string } | undefined): boolean =>
    memory?.by === 'toJira' && Date.parse(memory.at) >= updated - CLOCK_SLACK_MS;
  for (const m of mappings) {
    if (!(m.jiraFieldId in fields)) return null;
    if (writtenByApp(state.record.fields[fieldMemoryKey(m.zendeskFieldId, m.jiraFieldId)])) return null;
  }
  if (withStatus && (!('status' in fields) || writtenByApp(state.record.status))) return null;
  return { id: event.issue.id, key: event.issue.key, fields };
}

/** The ordering guard: the newest `fields.updated` applied to the link. */
export function noteIssueUpdated(state: LinkState, issue: JiraIssue): void {
  const value = issue.fields.updated;
  const updated = parseJiraTime(typeof value === 'string' ? value : undefined);
  if (typeof value !== 'string' || updated === null) return;
  const memory = (state.record.toZendesk ??= {});
  const applied = parseJiraTime(memory.issueUpdated);
  if (applied === null || updated > applied) memory.issueUpdated = value;
}
