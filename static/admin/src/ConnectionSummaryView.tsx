import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { API_TOKEN_END_DATE, type ConnectionRecord } from '../../../src/domain/types';
import { ConnectionCheck } from './ConnectionCheck';

interface Props {
  connection: ConnectionRecord;
  tokenStored: boolean;
  onRevoke: () => void;
  onReplace: () => void;
}

const gridStyles = xcss({
  display: 'grid',
  gridTemplateColumns: 'max-content 1fr',
  columnGap: 'space.300',
  rowGap: 'space.100',
});

/** What Jira is connected to; Zendesk-provided names are rendered as text. */
export function ConnectionSummaryView({ connection, tokenStored, onRevoke, onReplace }: Props) {
  const rows: [string, string][] = [
    ['Zendesk subdomain', `${connection.subdomain}.zendesk.com`],
    ['Agent email', connection.email],
    ['Agent name', connection.agent.name],
    ['Agent role', connection.agent.role],
    ['Authentication', authText(connection)],
  ];
  return (
    <Stack space="space.200" testId="connection-summary">
      <Inline space="space.100" alignBlock="center">
        <Lozenge appearance="success" isBold testId="connected-lozenge">
          Connected
        </Lozenge>
        <Text color="color.text.subtle">since {new Date(connection.connectedAt).toLocaleString()}</Text>
      </Inline>
      <Box xcss={gridStyles}>
        {rows.map(([label, value]) => (
          <Row key={label} label={label} value={value} />
        ))}
        <Text weight="medium">Credentials</Text>
        <Box testId="token-indicator">
          {tokenStored ? (
            <Inline space="space.075" alignBlock="center">
              <Lozenge appearance="success">Stored</Lozenge>
              <Text>Stored securely in Forge secret storage</Text>
            </Inline>
          ) : (
            <Inline space="space.075" alignBlock="center">
              <Lozenge appearance="removed">Missing</Lozenge>
              <Text>No credentials are stored; revoke and connect again.</Text>
            </Inline>
          )}
        </Box>
      </Box>
      {connection.suspendedFrom === undefined && <ConnectionCheck />}
      <Inline space="space.100">
        {connection.suspendedFrom === undefined && (
          <Button onClick={onReplace} testId="replace-credentials">
            Replace credentials
          </Button>
        )}
        <Button appearance="danger" onClick={onRevoke} testId="revoke-connection">
          Revoke connection
        </Button>
      </Inline>
    </Stack>
  );
}

function authText(connection: ConnectionRecord): string {
  const auth = connection.auth;
  if (auth?.kind === 'oauth') {
    const grant = auth.grant === 'client_credentials' ? 'client credentials' : 'authorization code with PKCE';
    return `OAuth (${grant}), client ${auth.clientId}, scope "${auth.scope}"`;
  }
  return `API token: Zendesk stops accepting it on ${API_TOKEN_END_DATE}; connect with OAuth before then`;
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <>
      <Text weight="medium">{label}</Text>
      <Text>{value}</Text>
    </>
  );
}
