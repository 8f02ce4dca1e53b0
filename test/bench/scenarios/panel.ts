/**
 * The issue panel: an issue with three Smart Connected Items (a synced ticket item and a
 * customer item, both already linked, and an organization item not linked yet). Measured, one
 * resolver call each: opening the panel, searching organizations, linking one. Calls are made
 * through `panel-resolver` exactly as the UI Kit frontend's `invoke` makes them; payload bytes
 * are the JSON sizes of what the frontend sends and receives.
 */
import type { FieldMapping, SmartItem } from '../../../src/domain/types';
import type { LinkOutcome, Result, SearchResult } from '../../../src/domain/rpc';
import { saveItem } from '../../../src/storage/items';
import { linkConfirmed } from '../../support/panelLink';
import { Meter, type PhaseCounts } from '../meter';
import { panelMinimum } from '../minimum';
import type { BenchOptions } from '../options';
import { emptyResult, finish, type ScenarioResult } from '../result';
import { startBenchStack } from '../stack';
import { connectZendesk, referenceFieldOf, SUP, TASK, ticketItem } from '../world';

const preview = (zendeskFieldId: string, zendeskFieldLabel: string): FieldMapping => ({
  zendeskFieldId,
  zendeskFieldLabel,
  preview: true,
});

function displayItem(
  id: string,
  name: string,
  zendeskObject: 'user' | 'organization',
  fields: FieldMapping[],
  at: string,
): SmartItem {
  return {
    id,
    name,
    syncMode: 'none',
    projectId: SUP.id,
    projectKey: SUP.key,
    projectName: SUP.name,
    zendeskObject,
    fields,
    features: { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false },
    createdAt: at,
    updatedAt: at,
  };
}

interface CallStat {
  name: string;
  counts: PhaseCounts;
  requestBytes: number;
  responseBytes: number;
  wallMs: number;
}

export async function panelScenario(options: BenchOptions): Promise<ScenarioResult> {
  const r = emptyResult('panel', 'Panel: open an issue with 3 items, search, link');
  const bs = await startBenchStack({
    timeScale: 1,
    zendeskSeed: {
      tickets: 60,
      users: 40,
      agents: 3,
      organizations: 12,
      commentsPerTicket: 3,
      attachments: 6,
      seed: 5,
    },
  });
  try {
    bs.setupConditions();
    const zd = bs.stack.zendesk;
    const at = new Date(zd.clock.now() - 86_400_000).toISOString();
    await connectZendesk(bs, at);
    const tickets = ticketItem('twoWay', referenceFieldOf(bs), at);
    const customers = displayItem(
      'bench-customers',
      'Customers',
      'user',
      [preview('name', 'Name'), preview('email', 'Email'), preview('organization_id', 'Organization')],
      at,
    );
    const orgs = displayItem(
      'bench-orgs',
      'Organizations',
      'organization',
      [preview('name', 'Name'), preview('domain_names', 'Domains')],
      at,
    );
    for (const i of [tickets, customers, orgs]) await saveItem(i);

    const issue = bs.stack.jira.control.createIssue('app', {
      project: { key: SUP.key },
      issuetype: { id: TASK.id },
      summary: 'Customer escalation',
    });
    const accountId = bs.stack.user('agent').accountId;
    const opts = {
      accountId,
      extension: {
        type: 'jira:issuePanel',
        issue: { id: issue.id, key: issue.key },
        project: { id: SUP.id, key: SUP.key, type: 'software' },
      },
    };
    const call = async (
      functionKey: string,
      payload: unknown,
    ): Promise<{ value: unknown; requestBytes: number; responseBytes: number }> => {
      const res = await bs.stack.emulator.invokeResolver('panel-resolver', { functionKey, payload }, opts);
      if (res.status !== 'ok')
        throw new Error(
          `panel-resolver ${functionKey} ended with ${res.status}: ${String((res as { error?: unknown }).error)}`,
        );
      const value = res.value as Result<unknown>;
      if (!value.ok)
        throw new Error(`panel-resolver ${functionKey} refused: ${value.error.code} ${value.error.message}`);
      return {
        value,
        requestBytes: Buffer.byteLength(JSON.stringify({ functionKey, payload })),
        responseBytes: Buffer.byteLength(JSON.stringify(value)),
      };
    };

    // Setup (not measured): the ticket and the customer were linked earlier.
    const ticketId = [...zd.state.tickets.values()].find((t) => t.status === 'open')?.id;
    const customer = [...zd.state.users.values()].find(
      (u) => u.role === 'end-user' && u.organizationId !== null,
    );
    const org = [...zd.state.organizations.values()].find((o) => o.id !== customer?.organizationId);
    if (ticketId === undefined || !customer || !org)
      throw new Error('the panel seed lacks an open ticket, a customer or an organization');
    const linked = await linkConfirmed(
      async (payload) => (await call('link', payload)).value as Result<LinkOutcome>,
      tickets.id,
      String(ticketId),
    );
    if (!linked.ok) throw new Error(`the ticket link was refused: ${linked.error.message}`);
    await call('link', { itemId: customers.id, recordId: String(customer.id) });
    await bs.stack.settle();

    bs.measuredConditions(options.conditions);
    const meter = new Meter(bs);
    const stats: CallStat[] = [];
    const measured = async (name: string, functionKey: string, payload: unknown): Promise<unknown> => {
      meter.reset();
      const started = Date.now();
      const res = await call(functionKey, payload);
      stats.push({
        name,
        counts: meter.read(),
        requestBytes: res.requestBytes,
        responseBytes: res.responseBytes,
        wallMs: Date.now() - started,
      });
      return res.value;
    };
    await measured('open', 'getPanel', {});
    const query = org.name.split(' ')[0] ?? org.name;
    const found = (await measured('search', 'search', { itemId: orgs.id, query })) as Result<SearchResult[]>;
    if (!found.ok || !found.data.some((s) => s.id === String(org.id)))
      r.detail.notes.push(`search for "${query}" did not list organization ${org.id}`);
    await measured('link', 'link', { itemId: orgs.id, recordId: String(org.id) });

    const sum = (pick: (c: CallStat) => number): number => stats.reduce((n, c) => n + pick(c), 0);
    const counts: PhaseCounts = {
      zendesk: sum((c) => c.counts.zendesk),
      jira: sum((c) => c.counts.jira),
      kvs: sum((c) => c.counts.kvs),
      zendeskWrites: sum((c) => c.counts.zendeskWrites),
      jiraWrites: sum((c) => c.counts.jiraWrites),
      zendesk429: sum((c) => c.counts.zendesk429),
      jira429: sum((c) => c.counts.jira429),
      zendeskByRoute: {},
      jiraByRoute: {},
      kvsByKind: {},
      zendeskPeakPerMinute: 0,
      jiraPoints: {
        requests: sum((c) => c.counts.jiraPoints.requests),
        reads: sum((c) => c.counts.jiraPoints.reads),
        writes: sum((c) => c.counts.jiraPoints.writes),
        objects: sum((c) => c.counts.jiraPoints.objects),
        points: sum((c) => c.counts.jiraPoints.points),
      },
    };
    for (const c of stats) {
      for (const [k, v] of Object.entries(c.counts.zendeskByRoute))
        counts.zendeskByRoute[`${c.name}: ${k}`] = v;
      for (const [k, v] of Object.entries(c.counts.jiraByRoute)) counts.jiraByRoute[`${c.name}: ${k}`] = v;
      for (const [k, v] of Object.entries(c.counts.kvsByKind)) counts.kvsByKind[`${c.name}: ${k}`] = v;
      r.detail.extra[`${c.name}.zendesk`] = c.counts.zendesk;
      r.detail.extra[`${c.name}.jira`] = c.counts.jira;
      r.detail.extra[`${c.name}.kvs`] = c.counts.kvs;
      r.detail.extra[`${c.name}.requestBytes`] = c.requestBytes;
      r.detail.extra[`${c.name}.responseBytes`] = c.responseBytes;
      r.detail.extra[`${c.name}.wallMs`] = c.wallMs;
    }
    r.changes = stats.length;
    r.wallMs = sum((c) => c.wallMs);
    r.detail.extra.resolverCalls = stats.length;
    r.detail.extra.requestBytes = sum((c) => c.requestBytes);
    r.detail.extra.responseBytes = sum((c) => c.responseBytes);
    r.detail.notes.push('No naive baseline: the panel is interactive, not polling.');
    finish(r, counts, panelMinimum(), panelMinimum(), null);
    return r;
  } finally {
    await bs.close();
  }
}
