import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useCallback, useEffect, useState } from 'react';
import type { AdminState, RpcError } from '../../../src/domain/rpc';
import { ActivityTab } from './ActivityTab';
import { useAdminClient } from './AdminClientContext';
import type { GateCode } from './api';
import { ConnectionTab } from './ConnectionTab';
import { GateMessage } from './GateMessage';
import { ItemsTab } from './ItemsTab';
import { RpcErrorMessage } from './RpcErrorMessage';

const pageStyles = xcss({ maxWidth: '1200px', padding: 'space.300' });
const panelStyles = xcss({ paddingBlockStart: 'space.300', width: '100%' });

export function App() {
  const client = useAdminClient();
  const [state, setState] = useState<AdminState | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [gate, setGate] = useState<GateCode | null>(null);
  const [tab, setTab] = useState(0);

  // Any call may learn that the license lapsed or the user lost admin rights.
  useEffect(() => client.onGate(setGate), [client]);

  const load = useCallback(async () => {
    setError(null);
    const result = await client.call('getAdminState', {});
    if (result.ok) setState(result.data);
    else setError(result.error);
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  if (gate) return <GateMessage code={gate} />;
  if (state?.license === 'inactive') return <GateMessage code="LICENSE_INACTIVE" />;

  return (
    <Box xcss={pageStyles}>
      <Stack space="space.200">
        <Inline space="space.100" alignBlock="center">
          <Heading size="large">Zendesk Connector</Heading>
          {state?.license === 'development' && <Lozenge appearance="new">Development install</Lozenge>}
        </Inline>
        <Text as="p" color="color.text.subtle">
          Connect Zendesk Support to Jira, choose what the issue panel shows and what is synchronized.
        </Text>
        {error && !state && (
          <RpcErrorMessage
            title="Could not load the connector settings"
            error={error}
            onRetry={() => void load()}
            testId="load-error"
          />
        )}
        {!state && !error && (
          <Box padding="space.400" testId="page-loading">
            <Spinner size="large" label="Loading Zendesk Connector settings" />
          </Box>
        )}
        {state && (
          <Tabs id="admin-tabs" selected={tab} onChange={setTab}>
            <TabList>
              <Tab testId="tab-connection">Connection</Tab>
              <Tab testId="tab-items">Smart Connected Items</Tab>
              <Tab testId="tab-activity">Operations</Tab>
            </TabList>
            <TabPanel>
              <Box xcss={panelStyles}>
                <ConnectionTab
                  summary={state.connection}
                  onChange={(connection) => setState({ ...state, connection })}
                />
              </Box>
            </TabPanel>
            <TabPanel>
              <Box xcss={panelStyles}>
                <ItemsTab
                  items={state.items}
                  connected={state.connection.connection !== null}
                  onItemsChange={(items) => setState((s) => (s ? { ...s, items } : s))}
                />
              </Box>
            </TabPanel>
            <TabPanel>
              <Box xcss={panelStyles}>
                <ActivityTab
                  items={state.items}
                  onItemChange={(item) =>
                    setState((s) =>
                      s ? { ...s, items: s.items.map((i) => (i.id === item.id ? item : i)) } : s,
                    )
                  }
                />
              </Box>
            </TabPanel>
          </Tabs>
        )}
      </Stack>
    </Box>
  );
}
