/**
 * Entry of the hidden panel frame (panel-runtime.html?frame=<id>): installs
 * `globalThis.__bridge`, then loads the app's real UI Kit entry, src/frontend/panel/index.tsx,
 * whose `ForgeReconciler.render` starts sending `reconcile` calls to the host page.
 */
import { connectFrameBridge } from './frameLink';

connectFrameBridge();

// The bridge must exist before @forge/react and @forge/bridge evaluate, hence the dynamic import.
await import('../../../../../src/frontend/panel/index');
