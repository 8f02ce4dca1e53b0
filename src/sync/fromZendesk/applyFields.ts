/**
 * Mapped fields of one link (docs/sync-model.md § Fields): compares each mapped Zendesk value,
 * converted for its Jira field, with the issue's current value and writes the differing ones
 * in one edit. Two-way links leave a Jira-side change alone while the Zendesk value is unchanged.
 *
 * A memory pass (issueView.ts) compares with the link's field memory instead of the issue:
 * on a two-way link a Zendesk value equal to the one last synchronized is either still on the
 * issue or was changed in Jira (that change travels to Zendesk through the Jira event), so
 * only a Zendesk value that changed since, or was never synchronized, is written.
 */
import { adfToText } from '../../jira/adf';
import { JiraApiError } from '../../jira/errors';
import { desiredFields, mappedToJira } from '../core/desiredFields';
import { comparableFromJira, sameComparable } from '../core/fields';
import { idOf } from './jiraIssue';
import type { LinkPass } from './linkPass';
import { errorText, problem } from '../core/problems';
import { fieldMemoryKey, fingerprint } from '../core/state';

export async function applyFields(pass: LinkPass): Promise<void> {
  const { link, item, ticket, view, state, ctx, problems } = pass;
  if (mappedToJira(item).length === 0) return;
  const target = async () => {
    const issue = await view.issue();
    return {
      projectId: idOf(issue.fields.project) ?? item.projectId,
      issueTypeId: idOf(issue.fields.issuetype) ?? item.issueTypeId,
    };
  };
  const { desired, problems: found } = await desiredFields(ticket, item, ctx, target);
  const issue = view.fromMemory ? null : await view.issue();
  problems.push(...found);
  ctx.summary.add('limitations', found.length);
  const edits: Record<string, unknown> = {};
  const memory: Record<string, { z: string; j: string }> = {};
  const now = new Date().toISOString();
  for (const d of desired) {
    const key = fieldMemoryKey(d.mapping.zendeskFieldId, d.field.id);
    const want = fingerprint(d.comparable);
    if (issue === null) {
      if (state.record.fields[key]?.z === want) continue;
      edits[d.field.id] = d.value;
      memory[key] = { z: want, j: want };
      continue;
    }
    const current = comparableFromJira(issue.fields[d.field.id], d.field, adfToText);
    if (sameComparable(current, d.comparable)) {
      const mem = state.record.fields[key];
      if (!mem || mem.z !== want || mem.j !== want)
        state.record.fields[key] = { z: want, j: want, by: mem?.by ?? 'toJira', at: mem?.at ?? now };
      continue;
    }
    const mem = state.record.fields[key];
    // Two-way: a Zendesk value unchanged since the last sync means Jira changed it; that
    // change travels to Zendesk through the Jira event, not back over it here.
    if (item.syncMode === 'twoWay' && mem !== undefined && mem.z === want) continue;
    edits[d.field.id] = d.value;
    memory[key] = { z: want, j: want };
  }
  const fieldIds = Object.keys(edits);
  if (fieldIds.length === 0) return;
  const refused = new Set<string>();
  try {
    await ctx.jira.editIssue(link.issueId, { fields: edits });
  } catch (error) {
    view.throwUnlessRefusal(error);
    if (!(error instanceof JiraApiError)) throw error;
    const named = Object.keys(error.fieldErrors).filter((f) => f in edits);
    // A field Jira names may have changed type or gone: the next run reads the catalog again
    // (and the priority names, when it is the priority Jira refused).
    if (named.length > 0) await ctx.caches.invalidate('jiraFields');
    if (named.includes('priority')) await ctx.caches.invalidate('priorities');
    if (named.length === 0 || named.length === fieldIds.length) {
      problems.push(
        problem(
          'error',
          'FIELD_NOT_APPLIED',
          `Jira refused the field update (${fieldIds.join(', ')}): ${error.message}`,
          error,
        ),
      );
      return;
    }
    // Apply what Jira accepts; report each refused field with Jira's own words.
    for (const f of named) {
      refused.add(f);
      problems.push(
        problem(
          'error',
          'FIELD_NOT_APPLIED',
          `Jira refused ${f}: ${error.fieldErrors[f] ?? error.message}`,
          error,
        ),
      );
      delete edits[f];
    }
    try {
      await ctx.jira.editIssue(link.issueId, { fields: edits });
    } catch (retryError) {
      view.throwUnlessRefusal(retryError);
      problems.push(
        problem(
          'error',
          'FIELD_NOT_APPLIED',
          `Jira refused the field update: ${errorText(retryError)}`,
          retryError,
        ),
      );
      return;
    }
  }
  for (const d of desired) {
    const key = fieldMemoryKey(d.mapping.zendeskFieldId, d.field.id);
    const m = memory[key];
    if (!m || refused.has(d.field.id)) continue;
    state.record.fields[key] = { ...m, by: 'toJira', at: now };
    ctx.summary.add('fieldsApplied');
  }
}
