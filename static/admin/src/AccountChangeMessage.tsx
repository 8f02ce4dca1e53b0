/**
 * Shown while the connection points at another Zendesk account than the one the links were
 * made in: sync is suspended for every link until the admin keeps them (the same account,
 * renamed) or clears them (a different account). Clearing may take several calls.
 */
import Button from '@atlaskit/button/new';
import { Inline, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import type { ConnectionSummary, RpcError } from '../../../src/domain/rpc';
import { useAdminClient } from './AdminClientContext';
import { RpcErrorMessage } from './RpcErrorMessage';

interface Props {
  subdomain: string;
  suspendedFrom: string;
  onChange: (summary: ConnectionSummary) => void;
}

export function AccountChangeMessage({ subdomain, suspendedFrom, onChange }: Props) {
  const client = useAdminClient();
  const [busy, setBusy] = useState<'keep' | 'clear' | null>(null);
  const [error, setError] = useState<RpcError | null>(null);

  const decide = async (keepLinks: boolean) => {
    setBusy(keepLinks ? 'keep' : 'clear');
    setError(null);
    for (;;) {
      const result = await client.call('decideAccountChange', { keepLinks });
      if (!result.ok) {
        setError(result.error);
        break;
      }
      onChange(result.data.summary);
      if (result.data.done) break;
    }
    setBusy(null);
  };

  return (
    <SectionMessage appearance="warning" title="Another Zendesk account" testId="account-change-message">
      <Text as="p">
        Jira is now connected to {subdomain}.zendesk.com, but the existing issue links were made in{' '}
        {suspendedFrom}.zendesk.com. Synchronization is paused for every link until you choose.
      </Text>
      <Text as="p">
        Keep the links only if this is the same Zendesk account under a new subdomain. Otherwise clear them:
        the links are removed from Jira only, nothing is changed in either Zendesk account.
      </Text>
      <Inline space="space.100">
        <Button isDisabled={busy !== null} onClick={() => void decide(true)} testId="account-keep">
          {busy === 'keep' ? 'Keeping…' : 'Same account: keep links'}
        </Button>
        <Button
          appearance="warning"
          isDisabled={busy !== null}
          onClick={() => void decide(false)}
          testId="account-clear"
        >
          {busy === 'clear' ? 'Clearing…' : 'Different account: clear links'}
        </Button>
      </Inline>
      {error && <RpcErrorMessage title="The choice was not saved" error={error} />}
    </SectionMessage>
  );
}
