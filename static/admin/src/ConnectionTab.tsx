import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Heading from '@atlaskit/heading';
import { useEffect, useState } from 'react';
import type { ConnectionSummary, OAuthSetup } from '../../../src/domain/rpc';
import { API_TOKEN_END_DATE } from '../../../src/domain/types';
import { useAdminClient } from './AdminClientContext';
import { AccountChangeMessage } from './AccountChangeMessage';
import { ConfirmDialog } from './ConfirmDialog';
import { ConnectForm } from './ConnectForm';
import { ConnectionSummaryView } from './ConnectionSummaryView';
import { OAuthConnectForm } from './OAuthConnectForm';

interface Props {
  summary: ConnectionSummary;
  onChange: (summary: ConnectionSummary) => void;
}

export function ConnectionTab({ summary, onChange }: Props) {
  const client = useAdminClient();
  const [confirming, setConfirming] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const [setup, setSetup] = useState<OAuthSetup | null>(null);
  const [replacing, setReplacing] = useState(false);
  const [replaced, setReplaced] = useState(false);
  // What the forms start from after a revoke: the subdomain and email (never a secret).
  const [last, setLast] = useState<{ subdomain: string; email: string; clientId?: string } | null>(null);
  const current = summary.connection;

  useEffect(() => {
    if (!current) return;
    const auth = current.auth;
    setLast({
      subdomain: current.subdomain,
      email: current.email,
      ...(auth?.kind === 'oauth' ? { clientId: auth.clientId } : {}),
    });
  }, [current]);

  useEffect(() => {
    void client.call('getOAuthSetup', {}).then((result) => {
      if (result.ok) setSetup(result.data);
    });
  }, [client]);

  const revoke = async () => {
    const result = await client.call('revokeConnection', {});
    if (!result.ok) return result.error;
    setRevoked(true);
    setReplacing(false);
    onChange(result.data);
    return null;
  };

  const onReplaced = (next: ConnectionSummary) => {
    setReplacing(false);
    setReplaced(true);
    onChange(next);
  };

  const connected = current;
  return (
    <Stack space="space.300">
      {revoked && !connected && (
        <SectionMessage appearance="information" title="Connection revoked" testId="revoked-message">
          <Text as="p">
            The stored Zendesk credentials were deleted. Your Smart Connected Items and issue links stay, but
            sync stops until you connect Zendesk again.
          </Text>
        </SectionMessage>
      )}
      {summary.authProblem && (
        <SectionMessage appearance="error" title="Reconnect Zendesk" testId="reconnect-message">
          <Text as="p">{summary.authProblem.message}</Text>
          <Text as="p">Connect again below; links and Smart Connected Items are kept.</Text>
        </SectionMessage>
      )}
      {connected?.suspendedFrom && (
        <AccountChangeMessage
          subdomain={connected.subdomain}
          suspendedFrom={connected.suspendedFrom}
          onChange={onChange}
        />
      )}
      {replaced && connected && (
        <SectionMessage appearance="success" title="Credentials replaced" testId="replaced-message">
          <Text as="p">
            Zendesk accepted the new credentials. Links, Smart Connected Items and the sync position are kept;
            the old credentials are no longer used.
          </Text>
        </SectionMessage>
      )}
      {connected && (
        <ConnectionSummaryView
          connection={connected}
          tokenStored={summary.tokenStored}
          onRevoke={() => setConfirming(true)}
          onReplace={() => {
            setReplaced(false);
            setReplacing(!replacing);
          }}
        />
      )}
      {connected && replacing && !connected.suspendedFrom && (
        <Stack space="space.300" testId="replace-section">
          <Text as="p">
            Replace the token or the OAuth client of {connected.subdomain}.zendesk.com without revoking:
            links, Smart Connected Items and the sync position stay, and sync goes on with the new
            credentials.
          </Text>
          <Stack space="space.100">
            <Heading size="small">New OAuth client</Heading>
            <OAuthConnectForm
              setup={setup}
              initial={last ?? { subdomain: connected.subdomain }}
              lockSubdomain
              onConnected={onReplaced}
            />
          </Stack>
          <Stack space="space.100">
            <Heading size="small">New API token</Heading>
            <ConnectForm
              mode="rotate"
              initial={{ subdomain: connected.subdomain, email: connected.email }}
              onConnected={onReplaced}
            />
          </Stack>
        </Stack>
      )}
      {(!connected || summary.authProblem) && (
        <Stack space="space.300">
          <Stack space="space.100">
            <Heading size="small">Connect with OAuth (recommended)</Heading>
            <OAuthConnectForm
              setup={setup}
              {...(last ? { initial: last } : {})}
              onConnected={(next) => {
                setRevoked(false);
                onChange(next);
              }}
            />
          </Stack>
          <Stack space="space.100">
            <Heading size="small">Connect with an API token</Heading>
            <SectionMessage
              appearance="warning"
              title="API tokens end on 30 April 2027"
              testId="api-token-deprecation"
            >
              <Text as="p">
                Zendesk deactivates every API token on {setup?.apiTokenEndsOn ?? API_TOKEN_END_DATE} and no
                longer lets accounts create new ones; tokens unused for 30 days are deactivated already. Use
                OAuth above for a connection that keeps working.
              </Text>
            </SectionMessage>
            <Text as="p">The connector checks the credentials with Zendesk before saving them.</Text>
            <ConnectForm
              {...(last ? { initial: last } : {})}
              onConnected={(next) => {
                setRevoked(false);
                onChange(next);
              }}
            />
          </Stack>
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
          The stored Zendesk credentials are deleted. Smart Connected Items and existing links are kept, but
          scheduled and event-driven sync stop, and the issue panel cannot reach Zendesk until you connect
          again.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}
