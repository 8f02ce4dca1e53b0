/**
 * What the issue panel suites build: display items with preview fields on the demo site's
 * projects, issues as the Jira admin creates them (with the fields a project requires), and
 * tickets as a customer opens them. Shared by test/integration/panel.test.ts and the security
 * suite.
 */
import type { Stack } from '../../sandbox/stack';
import type { FieldMapping, SmartItem } from '../../src/domain/types';
import { NO_FEATURES, SUP } from './items';

export const ENG = { id: '10001', key: 'ENG' } as const;
export const BUG = '10002';

export function ticketItem(id: string, overrides: Partial<SmartItem> = {}): SmartItem {
  return {
    id,
    name: id,
    syncMode: 'none',
    projectId: SUP.id,
    projectKey: SUP.key,
    projectName: 'Support',
    zendeskObject: 'ticket',
    fields: [],
    features: NO_FEATURES,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const previewField = (zendeskFieldId: string, zendeskFieldLabel: string): FieldMapping => ({
  zendeskFieldId,
  zendeskFieldLabel,
  preview: true,
});

/** The display items the refusal suites link with: support tickets and customers (users). */
export function displayItems(): SmartItem[] {
  return [
    ticketItem('tickets', { name: 'Support tickets', fields: [previewField('subject', 'Subject')] }),
    ticketItem('customers', {
      name: 'Customers',
      zendeskObject: 'user',
      fields: [previewField('name', 'Name')],
    }),
  ];
}

export interface IssueCtx {
  id: string;
  key: string;
  project: { id: string; key: string };
  typeId: string;
}

export function newIssue(
  stack: Stack,
  project: { id: string; key: string },
  typeId: string,
  summary: string,
): IssueCtx {
  // Support bugs require Customer impact (customfield_10041) in the simulator's seed.
  const required = project.key === SUP.key && typeId === BUG ? { customfield_10041: { value: 'High' } } : {};
  const created = stack.jira.control.createIssue('admin', {
    project: { key: project.key },
    issuetype: { id: typeId },
    summary,
    ...required,
  });
  return { id: created.id, key: created.key, project: { ...project }, typeId };
}

export function newTicket(stack: Stack, subject: string, extra: Record<string, unknown> = {}): string {
  const created = stack.zendesk.control.createTicket({
    subject,
    body: 'Hello from the customer',
    ...extra,
  }) as {
    id: number;
  };
  return String(created.id);
}
