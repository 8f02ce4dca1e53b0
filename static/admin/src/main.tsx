import '@atlaskit/css-reset';
import { view } from '@forge/bridge';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminClientProvider } from './AdminClientContext';
import { createAdminClient } from './api';
import { App } from './App';

/**
 * Inside Jira the host applies the user's theme once asked (`view.theme.enable`). When
 * no host did (a local preview), load the light theme ourselves so design tokens resolve.
 */
async function applyTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // A host without theming support is not an error for this page.
  }
  if (!document.documentElement.hasAttribute('data-theme')) {
    await setGlobalTheme({ colorMode: 'light' });
  }
}

void applyTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <AdminClientProvider value={createAdminClient()}>
      <App />
    </AdminClientProvider>
  </StrictMode>,
);
