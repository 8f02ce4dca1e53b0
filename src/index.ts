/**
 * The functions manifest.yml names. Each only delegates: it loads its module on first
 * use, so a resolver invocation does not pay for loading the sync engine and the other
 * way round (Forge bundles each dynamic import as its own chunk).
 */
type Handler = (payload: unknown, context: unknown) => Promise<unknown>;

function lazy(load: () => Promise<Handler>): Handler {
  let handler: Promise<Handler> | undefined;
  return async (payload, context) => {
    handler ??= load();
    return (await handler)(payload, context);
  };
}

export const adminResolver = lazy(async () => (await import('./resolvers/admin')).adminHandler as Handler);
export const panelResolver = lazy(async () => (await import('./resolvers/panel')).panelHandler as Handler);
export const scheduledSync = lazy(
  async () => (await import('./sync/run/scheduler')).runScheduledSync as Handler,
);
export const syncBatchWorker = lazy(async () => (await import('./sync/run/queue')).runSyncBatch as Handler);
export const eventFollowUp = lazy(
  async () => (await import('./sync/toZendesk/followUp')).runFollowUp as Handler,
);
export const onIssueUpdated = lazy(
  async () => (await import('./sync/toZendesk/triggers')).onIssueUpdated as Handler,
);
export const onCommentCreated = lazy(
  async () => (await import('./sync/toZendesk/triggers')).onCommentCreated as Handler,
);
export const onAttachmentCreated = lazy(
  async () => (await import('./sync/toZendesk/triggers')).onAttachmentCreated as Handler,
);
export const onIssueDeleted = lazy(
  async () => (await import('./sync/lifecycle/issueDeletedEvent')).onIssueDeleted as Handler,
);
export const oauthCallback = lazy(
  async () => (await import('./webtrigger/oauthCallback')).oauthCallback as Handler,
);
