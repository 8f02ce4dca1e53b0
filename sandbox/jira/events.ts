/**
 * Forge product events the simulated site emits after successful writes, in the
 * payload shapes of the Forge Jira events reference
 * (https://developer.atlassian.com/platform/forge/events-reference/jira/; see
 * docs/contracts/forge-platform.md § Jira events). Delivery to trigger handlers (including `ignoreSelf`)
 * is the Forge emulator's job; it compares `atlassianId` with the app account.
 */
import type { AdfDoc, ChangeItem } from './types.js';

export interface EventUserRef {
  accountId: string;
}

export interface EventIssue {
  id: string;
  key: string;
  self: string;
  fields: {
    summary: string;
    issuetype: Record<string, unknown>;
    project: Record<string, unknown>;
    status: Record<string, unknown>;
    priority: Record<string, unknown> | null;
    labels: string[];
    creator: EventUserRef;
    reporter: EventUserRef | null;
    assignee: EventUserRef | null;
    created: string;
    updated: string;
  };
}

export interface IssueCreatedEvent {
  eventType: 'avi:jira:created:issue';
  atlassianId: string;
  issue: EventIssue;
}

/** Issue deleted: the issue as it was [doc events reference: same issue payload as created]. */
export interface IssueDeletedEvent {
  eventType: 'avi:jira:deleted:issue';
  atlassianId: string;
  issue: EventIssue;
}

export interface IssueUpdatedEvent {
  eventType: 'avi:jira:updated:issue';
  atlassianId: string;
  issue: EventIssue;
  changelog: { id: string; items: ChangeItem[] };
  /** Present only when the status changed: the previous and the current status. */
  associatedStatuses?: [Record<string, unknown>, Record<string, unknown>];
}

export interface IssueAssignedEvent {
  eventType: 'avi:jira:assigned:issue';
  atlassianId: string;
  issue: EventIssue;
  changelog: { id: string; items: ChangeItem[] };
}

export interface IssueCommentedEvent {
  eventType: 'avi:jira:commented:issue';
  atlassianId: string;
  issue: EventIssue;
  comment: {
    id: string;
    self: string;
    author: EventUserRef;
    updateAuthor: EventUserRef;
    body: AdfDoc;
    created: string;
    updated: string;
    jsdPublic: boolean;
    visibility?: { type: 'group' | 'role'; value?: string; identifier?: string | null };
  };
}

export interface AttachmentCreatedEvent {
  eventType: 'avi:jira:created:attachment';
  atlassianId: string;
  /** No top-level `issue` on attachment events [doc events reference table]. */
  attachment: {
    id: string;
    issueId: string;
    fileName: string;
    mimeType: string;
    size: number;
    author: EventUserRef;
    created: string;
  };
}

/**
 * setIssueProperty. The event name is in @forge/manifest's event-to-scope mapping
 * (docs/contracts/forge-platform.md § Jira events); the payload shape is [unverified]: the issue's id and key
 * and the property as set.
 */
export interface IssuePropertySetEvent {
  eventType: 'avi:jira:set:issue-property';
  atlassianId: string;
  issue: { id: string; key: string };
  property: { key: string; value: unknown };
}

/** `avi:jira:deleted:comment` (listed in Forge's Jira events; the payload keys are [unverified]). */
export interface CommentDeletedEvent {
  eventType: 'avi:jira:deleted:comment';
  atlassianId: string;
  issue: IssueCreatedEvent['issue'];
  comment: { id: string };
}

/** `avi:jira:deleted:issue-property` (listed in Forge's Jira events; payload [unverified]). */
export interface IssuePropertyDeletedEvent {
  eventType: 'avi:jira:deleted:issue-property';
  atlassianId: string;
  issue: { id: string; key: string };
  property: { key: string };
}

export type ForgeProductEvent =
  | IssueCreatedEvent
  | IssueDeletedEvent
  | IssueUpdatedEvent
  | IssueAssignedEvent
  | IssueCommentedEvent
  | AttachmentCreatedEvent
  | IssuePropertySetEvent
  | CommentDeletedEvent
  | IssuePropertyDeletedEvent;

export type EventListener = (event: ForgeProductEvent) => void;

export class ProductEventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly history: ForgeProductEvent[] = [];
  /** Seeding writes demo data through the same code path without announcing it. */
  muted = false;
  /**
   * Runs inside the write, when its event is queued: every successful write emits exactly
   * one event, which makes this the one place that sees them all (the search index uses it).
   */
  onWrite: ((event: ForgeProductEvent) => void) | null = null;

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Queues the event; listeners run on a later turn, never inside the write. */
  emit(event: ForgeProductEvent): void {
    if (this.muted) return;
    this.onWrite?.(event);
    setImmediate(() => {
      this.history.push(event);
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (error) {
          // A consumer bug must not break the simulated site or other consumers.
          console.error('[jira-sim] event listener threw', error);
        }
      }
    });
  }

  emitted(): readonly ForgeProductEvent[] {
    return this.history;
  }

  clearHistory(): void {
    this.history.length = 0;
  }
}
