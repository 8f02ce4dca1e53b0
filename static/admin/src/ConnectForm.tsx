import Button from '@atlaskit/button/new';
import Form, { FormFooter } from '@atlaskit/form';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import { useState } from 'react';
import type { ConnectionSummary, RpcError, SaveConnectionInput } from '../../../src/domain/rpc';
import { useAdminClient } from './AdminClientContext';
import { RequiredTextField, SubdomainField } from './RequiredTextField';
import { RpcErrorMessage } from './RpcErrorMessage';
import { emailProblem, tokenProblem } from './validation';

// Three short inputs read better at a fixed width than stretched across Jira admin.
const formStyles = xcss({ maxWidth: '520px' });
const suffixStyles = xcss({ whiteSpace: 'nowrap', paddingInlineEnd: 'space.100' });

interface Props {
  onConnected: (summary: ConnectionSummary) => void;
  /** Values to start from: the last connection's subdomain and email after a revoke. */
  initial?: { subdomain?: string; email?: string };
  /**
   * `rotate`: a new token for the connected account (subdomain fixed); links, the sync position
   * and the account binding stay.
   */
  mode?: 'connect' | 'rotate';
}

/** Subdomain, agent email and API token; the resolver checks them against Zendesk before storing. */
export function ConnectForm({ onConnected, initial, mode = 'connect' }: Props) {
  const client = useAdminClient();
  const [error, setError] = useState<RpcError | null>(null);
  const rotate = mode === 'rotate';

  const submit = async (values: SaveConnectionInput) => {
    setError(null);
    const email = values.email.trim();
    const result = rotate
      ? await client.call('rotateApiToken', { email, apiToken: values.apiToken })
      : await client.call('saveConnection', {
          subdomain: values.subdomain,
          email,
          apiToken: values.apiToken,
        });
    if (result.ok) onConnected(result.data);
    else setError(result.error);
  };

  return (
    <Box xcss={formStyles}>
      <Form<SaveConnectionInput> onSubmit={submit} label="Zendesk connection">
        {({ formProps, submitting }) => (
          <form {...formProps} noValidate data-testid={rotate ? 'rotate-form' : 'connect-form'}>
            <Stack space="space.100">
              <SubdomainField initial={initial?.subdomain} isReadOnly={rotate} elemAfterInput={<Suffix />} />
              <RequiredTextField
                name="email"
                label="Agent email"
                defaultValue={initial?.email ?? ''}
                validate={emailProblem}
                helper="The full login email of the Zendesk agent Jira acts as."
                type="email"
                autoComplete="off"
              />
              <RequiredTextField
                name="apiToken"
                label={rotate ? 'New API token' : 'API token'}
                defaultValue=""
                validate={tokenProblem}
                helper="Stored in Forge secret storage after Zendesk accepts it."
                type="password"
                autoComplete="new-password"
              />
            </Stack>
            {error && (
              <Box paddingBlockStart="space.200">
                <RpcErrorMessage
                  title={rotate ? 'The new token was not saved' : 'Could not connect to Zendesk'}
                  error={error}
                  testId={rotate ? 'rotate-error' : 'connect-error'}
                />
              </Box>
            )}
            <FormFooter align="start">
              <Button
                type="submit"
                appearance="primary"
                isLoading={submitting}
                testId={rotate ? 'save-rotation' : 'save-connection'}
              >
                {rotate ? 'Replace token' : 'Save connection'}
              </Button>
            </FormFooter>
          </form>
        )}
      </Form>
    </Box>
  );
}

function Suffix() {
  return (
    <Box xcss={suffixStyles}>
      <Text color="color.text.subtlest">.zendesk.com</Text>
    </Box>
  );
}
