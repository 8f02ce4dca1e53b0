import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import type { ConnectionSummary } from '../../../src/domain/rpc';
import { useAdminClient } from './AdminClientContext';
import { ConfirmDialog } from './ConfirmDialog';
import { ConnectForm } from './ConnectForm';
import { ConnectionSummaryView } from './ConnectionSummaryView';

interface Props {
  summary: ConnectionSummary;
  onChange: (summary: ConnectionSummary) => void;
}

export function ConnectionTab({ summary, onChange }: Props) {
  const client = useAdminClient();
  const [confirming, setConfirming] = useState(false);
  const [revoked, setRevoked] = useState(false);

  const revoke = async () => {
    const result = await client.call('revokeConnection', {});
    if (!result.ok) return result.error;
    setRevoked(true);
    onChange(result.data);
    return null;
  };

  const connected = summary.connection;
  return (
    <Stack space="space.300">
      {revoked && !connected && (
        <SectionMessage appearance="information" title="Connection revoked" testId="revoked-message">
          <Text as="p">
            The Zendesk API token was deleted. Your Smart Connected Items and issue links stay, but sync stops
            until you connect Zendesk again.
          </Text>
        </SectionMessage>
      )}
      {connected ? (
        <ConnectionSummaryView
          connection={connected}
          tokenStored={summary.tokenStored}
          onRevoke={() => setConfirming(true)}
        />
      ) : (
        <Stack space="space.200">
          <Text as="p">
            Connect the Zendesk Support account Jira should use. The connector checks the credentials with
            Zendesk before saving them.
          </Text>
          <ConnectForm
            onConnected={(next) => {
              setRevoked(false);
              onChange(next);
            }}
          />
        </Stack>
      )}
      <ConfirmDialog
        isOpen={confirming}
        title="Revoke the Zendesk connection?"
        confirmLabel="Revoke"
        onConfirm={revoke}
        onClose={() => setConfirming(false)}
        testId="revoke-dialog"
      >
        <Text as="p">
          The stored API token is deleted. Smart Connected Items and existing links are kept, but scheduled
          and event-driven sync stop, and the issue panel cannot reach Zendesk until you connect again.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}
