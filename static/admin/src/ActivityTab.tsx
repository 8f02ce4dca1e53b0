import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { WholeLozenge } from './WholeLozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import Spinner from '@atlaskit/spinner';
import { useCallback, useEffect, useState } from 'react';
import type { ActivityView, RpcError } from '../../../src/domain/rpc';
import type { SmartItem } from '../../../src/domain/types';
import { useAdminClient } from './AdminClientContext';
import { formatLag } from './format';
import { ProblemsTable } from './ProblemsTable';
import { RpcErrorMessage } from './RpcErrorMessage';
import { RunsTable } from './RunsTable';

/** Lag above this means runs are falling behind the five-minute schedule. */
const LAG_WARN_SECONDS = 15 * 60;

export function ActivityTab({ items }: { items: SmartItem[] }) {
  const client = useAdminClient();
  const [view, setView] = useState<ActivityView | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [loading, setLoading] = useState(true);

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

  return (
    <Stack space="space.300" testId="activity">
      <Inline spread="space-between" alignBlock="center">
        <CursorLag seconds={view ? view.cursorLagSeconds : undefined} />
        <Button onClick={() => void load()} isLoading={loading && view !== null} testId="refresh-activity">
          Refresh
        </Button>
      </Inline>
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
          <Stack space="space.100">
            <Heading size="small">Recent sync runs</Heading>
            <RunsTable runs={view.runs} />
          </Stack>
          <Stack space="space.100">
            <Heading size="small">Problems on linked issues</Heading>
            <ProblemsTable problems={view.problems} items={items} />
          </Stack>
        </>
      )}
    </Stack>
  );
}

function CursorLag({ seconds }: { seconds: number | null | undefined }) {
  if (seconds === undefined) return <span />;
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
