/**
 * "Test connection": asks Zendesk who the stored credentials are (users/me) and shows the
 * identity, or Zendesk's own refusal word for word.
 */
import Button from '@atlaskit/button/new';
import { Box, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import type { ConnectionCheck as Check, RpcError } from '../../../src/domain/rpc';
import { useAdminClient } from './AdminClientContext';
import { formatWhen } from './format';
import { RpcErrorMessage } from './RpcErrorMessage';

export function ConnectionCheck() {
  const client = useAdminClient();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Check | null>(null);
  const [error, setError] = useState<RpcError | null>(null);

  const test = async () => {
    setBusy(true);
    setResult(null);
    setError(null);
    const answer = await client.call('testConnection', {});
    setBusy(false);
    if (answer.ok) setResult(answer.data);
    else setError(answer.error);
  };

  return (
    <Stack space="space.100">
      <Box>
        <Button onClick={() => void test()} isLoading={busy} testId="test-connection">
          Test connection
        </Button>
      </Box>
      {result && (
        <SectionMessage
          appearance="success"
          title="Zendesk accepted the connection"
          testId="test-connection-ok"
        >
          <Text as="p">
            {`Signed in as ${result.agent.name || result.agent.email} (${result.agent.email}, ${result.agent.role}) at ${formatWhen(result.checkedAt)}.`}
          </Text>
        </SectionMessage>
      )}
      {error && (
        <RpcErrorMessage
          title="Zendesk did not accept the connection"
          error={error}
          testId="test-connection-error"
        />
      )}
    </Stack>
  );
}
