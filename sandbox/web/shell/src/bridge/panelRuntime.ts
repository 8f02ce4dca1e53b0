/**
 * Entry of the hidden panel frame (panel-runtime.html?frame=<id>): installs
 * `globalThis.__bridge`, then loads the app's real UI Kit entry, src/frontend/panel/index.tsx,
 * whose `ForgeReconciler.render` starts sending `reconcile` calls to the host page.
 */
import { findFrameHost, installBridge } from './frameLink';

const frameId = new URL(window.location.href).searchParams.get('frame') ?? '';
const host = findFrameHost(frameId);

/** Answers are re-created in this frame so app code never holds objects of the host's realm. */
function ownCopy(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

installBridge({
  callBridge: async (name, payload) => ownCopy(await (await host).callBridge(name, payload)),
});

// The bridge must exist before @forge/react and @forge/bridge evaluate, hence the dynamic import.
await import('../../../../../src/frontend/panel/index');
