/**
 * The issue panel App, loaded for tests that render it with the real @forge/react reconciler
 * in Node and play Jira's frontend through a bridge host.
 */
import { type BridgeHost, installBridgeHost } from './forgeDoc';

export interface PanelApp {
  host: BridgeHost;
  /** Renders the same tree as src/frontend/panel/index.tsx. */
  render(): void;
}

export async function loadPanelApp(): Promise<PanelApp> {
  // The bridge must exist before @forge/react or @forge/bridge is first imported.
  const host = installBridgeHost();
  const React = await import('react');
  const { default: ForgeReconciler } = await import('@forge/react');
  const { App } = await import('../../../src/frontend/panel/App');
  return {
    host,
    render() {
      ForgeReconciler.render(React.createElement(React.StrictMode, null, React.createElement(App)));
    },
  };
}
