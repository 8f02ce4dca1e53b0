/**
 * Jira administration › Apps › Zendesk Connector: the app's real Custom UI build, served at
 * /admin-ui/ with the sandbox bridge injected, in an iframe as Jira shows it. The demo
 * Zendesk credentials sit above it, ready to paste into the connection form.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import { useShell } from '../shellContext';

function CopyValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      <span style={{ color: token('color.text.subtle'), fontSize: 12 }}>{label}</span>
      <code
        data-testid={testId}
        style={{ background: token('color.background.neutral'), padding: '2px 6px', borderRadius: 3 }}
      >
        {value}
      </code>
      <Button
        spacing="compact"
        appearance="subtle"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </div>
  );
}

export function AdminView() {
  const { session } = useShell();
  const { zendesk } = session;
  return (
    <main
      data-testid="admin-view"
      style={{
        flex: 1,
        minHeight: 0,
        display: 'flex',
        flexDirection: 'column',
        gap: 12,
        padding: `${token('space.200')} ${token('space.400')}`,
      }}
    >
      <Heading size="large" as="h1">
        {session.modules.admin.title}
      </Heading>
      <div
        data-testid="demo-credentials"
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          columnGap: 24,
          rowGap: 4,
          alignItems: 'center',
          padding: '8px 12px',
          borderRadius: 6,
          background: token('color.background.information'),
        }}
      >
        <div style={{ fontWeight: 600, width: '100%' }}>
          Demo Zendesk account: paste these into the connection form
        </div>
        <CopyValue label="Subdomain" value={zendesk.subdomain} testId="demo-subdomain" />
        <CopyValue label="Client identifier" value={zendesk.oauthClientId} testId="demo-client-id" />
        <CopyValue label="Client secret" value={zendesk.oauthClientSecret} testId="demo-client-secret" />
        <CopyValue label="Agent email" value={zendesk.email} testId="demo-email" />
        <CopyValue label="API token (until 2027-04-30)" value={zendesk.apiToken} testId="demo-token" />
      </div>
      <iframe
        key={`${session.user}-${session.license}`}
        data-testid="admin-frame"
        title={`${session.modules.admin.title} admin page`}
        src="/admin-ui/"
        style={{
          flex: 1,
          minHeight: 420,
          width: '100%',
          border: `1px solid ${token('color.border')}`,
          borderRadius: 6,
          background: token('elevation.surface'),
        }}
      />
    </main>
  );
}
