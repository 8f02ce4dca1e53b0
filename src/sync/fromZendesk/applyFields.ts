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
import type { SmartItem } from '../../domain/types';
import type { JiraIssue } from '../../jira/schemas';
import { desiredFields, mappedToJira, type DesiredField } from '../core/desiredFields';
import { comparableFromJira, sameComparable, type Comparable } from '../core/fields';
import { idOf } from './jiraIssue';
import type { LinkPass } from './linkPass';
import { errorText, problem } from '../core/problems';
import { fieldMemoryKey, fingerprint, type LinkState } from '../core/state';

/** One desired value and what the pass does with it. */
export interface FieldStep {
  desired: DesiredField;
  /** The link's field-memory key and the value's fingerprint (state.ts). */
  key: string;
  want: string;
  /**
   * `write`: differs from the issue (or, deciding from memory, from the last synchronized value);
   * `same`: the issue already has it; `keep`: a two-way link leaves Jira's own change alone.
   */
  action: 'write' | 'same' | 'keep';
  /** The issue's value in comparable form; undefined when deciding from memory. */
  current?: Comparable;
}

/**
 * The pass's decision per mapped field, pure: the first pass of a manual link is previewed with
 * this same function (src/panel/linkPreview.ts), so the panel shows exactly what is written.
 * `issue` null: a memory pass, which compares with the link's field memory instead.
 */
export function planFieldWrites(
  desired: readonly DesiredField[],
  issue: JiraIssue | null,
  memory: LinkState['record']['fields'],
  syncMode: SmartItem['syncMode'],
): FieldStep[] {
  return desired.map((d) => {
    const key = fieldMemoryKey(d.mapping.zendeskFieldId, d.field.id);
    const want = fingerprint(d.comparable);
    const mem = memory[key];
    if (issue === null) return { desired: d, key, want, action: mem?.z === want ? 'keep' : 'write' };
    const current = comparableFromJira(issue.fields[d.field.id], d.field, adfToText);
    if (sameComparable(current, d.comparable)) return { desired: d, key, want, action: 'same', current };
    // Two-way: a Zendesk value unchanged since the last sync means Jira changed it; that
    // change travels to Zendesk through the Jira event, not back over it here.
    const keep = syncMode === 'twoWay' && mem !== undefined && mem.z === want;
    return { desired: d, key, want, action: keep ? 'keep' : 'write', current };
  });
}

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
  for (const { desired: d, key, want, action } of planFieldWrites(
    desired,
    issue,
    state.record.fields,
    item.syncMode,
  )) {
    if (action === 'same') {
      const mem = state.record.fields[key];
      if (!mem || mem.z !== want || mem.j !== want)
        state.record.fields[key] = { z: want, j: want, by: mem?.by ?? 'toJira', at: mem?.at ?? now };
      continue;
    }
    if (action === 'keep') continue;
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
