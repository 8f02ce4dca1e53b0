/**
 * Connect with OAuth (recommended). Shows the Redirect URL to register in Zendesk, takes the
 * subdomain and the OAuth client's identifier and secret, then either opens Zendesk's consent
 * page in a new tab and waits for the web trigger's outcome (authorization code with PKCE), or
 * connects at once with the client credentials grant.
 */
import Button from '@atlaskit/button/new';
import Form, { FormFooter } from '@atlaskit/form';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { router } from '@forge/bridge';
import { useEffect, useRef, useState } from 'react';
import type { ConnectionSummary, OAuthClientInput, OAuthSetup, RpcError } from '../../../src/domain/rpc';
import { useAdminClient } from './AdminClientContext';
import { RequiredTextField, SubdomainField } from './RequiredTextField';
import { RpcErrorMessage } from './RpcErrorMessage';

const formStyles = xcss({ maxWidth: '560px' });
const urlStyles = xcss({ wordBreak: 'break-all', fontFamily: 'font.family.code' });
const POLL_MS = 1_500;

const required = (what: string) => (value: string | undefined) =>
  (value ?? '').trim() === '' ? `Enter the ${what}.` : undefined;

interface Props {
  setup: OAuthSetup | null;
  onConnected: (summary: ConnectionSummary) => void;
  /** Values to start from (after a revoke, or the connected account when replacing its client). */
  initial?: { subdomain?: string; clientId?: string };
  /** Replacing the client of the connected account: the subdomain cannot change here. */
  lockSubdomain?: boolean;
}

export function OAuthConnectForm({ setup, onConnected, initial, lockSubdomain = false }: Props) {
  const client = useAdminClient();
  const [error, setError] = useState<RpcError | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  const grant = useRef<'authorization_code' | 'client_credentials'>('authorization_code');

  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      void client.call('getOAuthAttempt', { attemptId: waiting }).then((result) => {
        if (!result.ok) {
          setWaiting(null);
          setError(result.error);
        } else if (result.data.status === 'connected') {
          setWaiting(null);
          onConnected(result.data.connection);
        } else if (result.data.status === 'failed') {
          setWaiting(null);
          setError({ code: 'OAUTH_FAILED', message: result.data.message });
        }
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, client, onConnected]);

  const submit = async (values: OAuthClientInput) => {
    setError(null);
    const input = {
      subdomain: values.subdomain,
      clientId: values.clientId.trim(),
      clientSecret: values.clientSecret,
    };
    if (grant.current === 'client_credentials') {
      const result = await client.call('connectClientCredentials', input);
      if (result.ok) onConnected(result.data);
      else setError(result.error);
      return;
    }
    const begun = await client.call('beginOAuth', input);
    if (!begun.ok) return setError(begun.error);
    setWaiting(begun.data.attemptId);
    await router.open(begun.data.authorizeUrl);
  };

  return (
    <Box xcss={formStyles}>
      <Stack space="space.200">
        <Text as="p">
          1. In Zendesk Admin Center, open Apps and integrations &gt; APIs &gt; OAuth clients and add a client
          of kind Confidential with this Redirect URL:
        </Text>
        <Box xcss={urlStyles} testId="oauth-redirect-url">
          {setup?.redirectUrl ?? 'Loading…'}
        </Box>
        <Text as="p">2. Enter the client’s Identifier and Secret here, then connect.</Text>
        <Form<OAuthClientInput> onSubmit={submit} label="Zendesk OAuth connection">
          {({ formProps, submitting }) => (
            <form {...formProps} noValidate data-testid="oauth-form">
              <Stack space="space.100">
                <SubdomainField
                  initial={initial?.subdomain}
                  isReadOnly={lockSubdomain}
                  testId="oauth-subdomain"
                />
                <RequiredTextField
                  name="clientId"
                  label="Client identifier"
                  defaultValue={initial?.clientId ?? ''}
                  validate={required('client identifier')}
                  autoComplete="off"
                  spellCheck={false}
                  testId="oauth-client-id"
                />
                <RequiredTextField
                  name="clientSecret"
                  label="Client secret"
                  defaultValue=""
                  validate={required('client secret')}
                  helper="Kept in Forge secret storage; never shown again."
                  type="password"
                  autoComplete="new-password"
                  testId="oauth-client-secret"
                />
              </Stack>
              {waiting && (
                <Box paddingBlockStart="space.200">
                  <SectionMessage appearance="information" title="Waiting for Zendesk" testId="oauth-waiting">
                    <Text as="p">
                      Allow access in the Zendesk tab that opened; this page updates by itself.
                    </Text>
                  </SectionMessage>
                </Box>
              )}
              {error && (
                <Box paddingBlockStart="space.200">
                  <RpcErrorMessage title="Zendesk was not connected" error={error} testId="oauth-error" />
                </Box>
              )}
              <FormFooter align="start">
                <Inline space="space.100">
                  <Button
                    type="submit"
                    appearance="primary"
                    isLoading={submitting || waiting !== null}
                    onClick={() => (grant.current = 'authorization_code')}
                    testId="oauth-connect"
                  >
                    Connect with Zendesk
                  </Button>
                  <Button
                    type="submit"
                    onClick={() => (grant.current = 'client_credentials')}
                    testId="oauth-client-credentials"
                  >
                    Connect without consent (client credentials)
                  </Button>
                </Inline>
              </FormFooter>
            </form>
          )}
        </Form>
      </Stack>
    </Box>
  );
}
