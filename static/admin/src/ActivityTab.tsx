/**
 * The operations console: Sync now and whether a run is working, each Smart Connected Item's
 * health with Pause/Resume, the problems queue with Retry and Dismiss, recent runs and what
 * admins did. Every action reloads the view, so what is shown is what is stored.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useCallback, useEffect, useState } from 'react';
import type { ActivityView, ProblemLink, RpcError, SyncNowOutcome } from '../../../src/domain/rpc';
import type { SmartItem } from '../../../src/domain/types';
import { AdminActionsTable } from './AdminActionsTable';
import { useAdminClient } from './AdminClientContext';
import { ConfirmDialog } from './ConfirmDialog';
import { formatLag, formatWhen } from './format';
import { ItemsHealthTable } from './ItemsHealthTable';
import { type DismissRequest, ProblemsTable } from './ProblemsTable';
import { RpcErrorMessage } from './RpcErrorMessage';
import { RunsTable } from './RunsTable';
import { useSiteUrl } from './useSiteUrl';
import { WholeLozenge } from './WholeLozenge';

/** Lag above this means runs are falling behind the five-minute schedule. */
const LAG_WARN_SECONDS = 15 * 60;

interface Props {
  items: SmartItem[];
  onItemChange: (item: SmartItem) => void;
}

export function ActivityTab({ items, onItemChange }: Props) {
  const client = useAdminClient();
  const siteUrl = useSiteUrl();
  const [view, setView] = useState<ActivityView | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [actionError, setActionError] = useState<RpcError | null>(null);
  const [loading, setLoading] = useState(true);
  const [syncing, setSyncing] = useState(false);
  const [syncResult, setSyncResult] = useState<SyncNowOutcome | null>(null);
  const [busyItem, setBusyItem] = useState<string | null>(null);
  const [busyLink, setBusyLink] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState<DismissRequest | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    const result = await client.call('getActivity', {});
    setLoading(false);
    if (result.ok) {
      setView(result.data);
      setError(null);
    } else {
      setError(result.error);
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  const syncNow = async () => {
    setSyncing(true);
    setSyncResult(null);
    setActionError(null);
    const result = await client.call('syncNow', {});
    setSyncing(false);
    if (result.ok) setSyncResult(result.data);
    else setActionError(result.error);
    await load();
  };

  const pause = async (item: SmartItem, paused: boolean) => {
    setBusyItem(item.id);
    setActionError(null);
    const result = await client.call('setItemPaused', { itemId: item.id, paused });
    setBusyItem(null);
    if (result.ok) {
      onItemChange(result.data);
      setNotice(
        paused
          ? `"${item.name}" is paused: nothing is written for it until you resume it; changes meanwhile are kept.`
          : `"${item.name}" is resumed: what changed while it was paused is synchronized by the next run.`,
      );
    } else setActionError(result.error);
    await load();
  };

  const retry = async (link: ProblemLink) => {
    setBusyLink(`${link.itemId}:${link.issueId}`);
    setActionError(null);
    const result = await client.call('retryLink', { itemId: link.itemId, issueId: link.issueId });
    setBusyLink(null);
    if (result.ok)
      setNotice(
        `${result.data.due} change${result.data.due === 1 ? '' : 's'} on ${link.issueKey} will be tried again by the next run.`,
      );
    else setActionError(result.error);
    await load();
  };

  const dismiss = async (): Promise<RpcError | null> => {
    if (!dismissing) return null;
    const { link, target } = dismissing;
    const result = await client.call('dismissChange', { itemId: link.itemId, issueId: link.issueId, target });
    if (!result.ok) return result.error;
    setNotice(`Dismissed on ${link.issueKey}. It is recorded under Admin actions.`);
    await load();
    return null;
  };

  return (
    <Stack space="space.300" testId="activity">
      <Inline spread="space-between" alignBlock="center">
        <RunStatus view={view} />
        <Inline space="space.100">
          <Button appearance="primary" onClick={() => void syncNow()} isLoading={syncing} testId="sync-now">
            Sync now
          </Button>
          <Button onClick={() => void load()} isLoading={loading && view !== null} testId="refresh-activity">
            Refresh
          </Button>
        </Inline>
      </Inline>
      {syncResult && (
        <SectionMessage
          appearance={syncResult.status === 'done' ? 'success' : 'information'}
          title={syncResult.status === 'busy' ? 'A sync run is already working' : 'Sync now'}
          testId="sync-now-result"
        >
          <Text as="p">{syncResult.message}</Text>
        </SectionMessage>
      )}
      {notice && (
        <SectionMessage appearance="information" testId="console-notice">
          <Text as="p">{notice}</Text>
        </SectionMessage>
      )}
      {actionError && (
        <RpcErrorMessage title="That did not work" error={actionError} testId="console-error" />
      )}
      {error && (
        <RpcErrorMessage
          title="Could not load sync activity"
          error={error}
          onRetry={() => void load()}
          testId="activity-error"
        />
      )}
      {loading && !view && !error && (
        <Box padding="space.300">
          <Spinner label="Loading sync activity" />
        </Box>
      )}
      {view && (
        <>
          <CursorLag seconds={view.cursorLagSeconds} />
          <Stack space="space.100">
            <Heading size="small">Smart Connected Items</Heading>
            <ItemsHealthTable
              items={items}
              health={view.items}
              busyItem={busyItem}
              onPause={(item, paused) => void pause(item, paused)}
            />
          </Stack>
          <Stack space="space.100">
            <Heading size="small">Problems on linked issues</Heading>
            <ProblemsTable
              problems={view.problems}
              items={items}
              siteUrl={siteUrl}
              zendeskBaseUrl={view.zendeskBaseUrl}
              busyLink={busyLink}
              onRetry={(link) => void retry(link)}
              onDismiss={setDismissing}
            />
          </Stack>
          <Stack space="space.100">
            <Heading size="small">Recent sync runs</Heading>
            <RunsTable runs={view.runs} />
          </Stack>
          <Stack space="space.100">
            <Heading size="small">Admin actions</Heading>
            <AdminActionsTable actions={view.actions} />
          </Stack>
        </>
      )}
      <ConfirmDialog
        isOpen={dismissing !== null}
        title="Give up this change?"
        confirmLabel="Dismiss"
        onConfirm={dismiss}
        onClose={() => setDismissing(null)}
        testId="dismiss-dialog"
      >
        <Text as="p">{dismissing?.label}</Text>
        <Text as="p">
          It is removed from the queue and never delivered. Later changes of the same issue and ticket still
          synchronize. The dismissal is recorded with your name under Admin actions.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}

function RunStatus({ view }: { view: ActivityView | null }) {
  if (!view) return <span />;
  if (view.running)
    return (
      <Inline space="space.075" alignBlock="center" testId="run-status">
        <WholeLozenge appearance="inprogress">Sync running</WholeLozenge>
        <Text>{`since ${formatWhen(view.running.since)}`}</Text>
      </Inline>
    );
  return (
    <Text testId="run-status">
      {view.nextRunAt
        ? `Next scheduled run: ${formatWhen(view.nextRunAt)}`
        : 'The scheduled sync runs every five minutes once Zendesk is connected.'}
    </Text>
  );
}

function CursorLag({ seconds }: { seconds: number | null }) {
  if (seconds === null) {
    return (
      <Text color="color.text.subtle" testId="cursor-lag">
        Zendesk export cursor: not started yet (no sync has run).
      </Text>
    );
  }
  return (
    <Inline space="space.075" alignBlock="center" testId="cursor-lag">
      <Text>Sync cursor lag:</Text>
      <WholeLozenge appearance={seconds > LAG_WARN_SECONDS ? 'removed' : 'success'}>
        {formatLag(seconds)}
      </WholeLozenge>
      <Text color="color.text.subtle">Zendesk changes newer than this are not in Jira yet.</Text>
    </Inline>
  );
}
