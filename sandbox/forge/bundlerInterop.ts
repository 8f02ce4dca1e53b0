/**
 * Outside vitest (which already applies this interop to dependencies), registers loader hooks so
 * that default imports of @forge/* packages behave as they do in a Forge deployment, where the
 * app is bundled. See bundlerInteropHooks.mjs for the rule.
 */
import { register } from 'node:module';

const FLAG = Symbol.for('zendesk-connector.forge-emulator.bundler-interop.v1');

export function installBundlerInterop(): void {
  const g = globalThis as typeof globalThis & { [FLAG]?: true };
  if (g[FLAG] || process.env.VITEST !== undefined) return;
  register('./bundlerInteropHooks.mjs', import.meta.url);
  g[FLAG] = true;
}
