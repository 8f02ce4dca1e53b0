/**
 * Injected into the admin Custom UI page (/admin-ui/) before its own bundle: the host side
 * of @forge/bridge for a `jira:adminPage`. `invoke` goes to the sandbox's /api/invoke, which
 * runs the module's resolver function in the Forge emulator as the selected sandbox user.
 */
import { answerBridgeCall } from './hostCalls';
import { installBridge } from './frameLink';

installBridge({
  callBridge: (name, payload) =>
    answerBridgeCall({ module: 'admin', extension: { type: 'jira:adminPage' } }, name, payload),
});
