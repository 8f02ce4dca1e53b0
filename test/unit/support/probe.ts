/**
 * Runs code inside a real emulated Forge invocation (sandbox/forge) so @forge/kvs talks to the
 * emulator's store: no SDK is mocked. The probe app's only handler calls the registered closure.
 */
import { fileURLToPath } from 'node:url';
import { createForgeEmulator, type ForgeEmulator } from '../../../sandbox/forge';

const appDir = fileURLToPath(new URL('../fixtures/probeApp', import.meta.url));

export interface Probe {
  emulator: ForgeEmulator;
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function createProbe(): Probe {
  const emulator = createForgeEmulator({ appDir });
  return {
    emulator,
    async run<T>(fn: () => Promise<T>): Promise<T> {
      let value: T | undefined;
      let failure: unknown;
      (globalThis as { __probe?: () => Promise<unknown> }).__probe = async () => {
        try {
          value = await fn();
        } catch (error) {
          failure = error;
        }
        return null;
      };
      const result = await emulator.invoke('probe', {});
      if (result.status !== 'ok')
        throw new Error(`probe invocation ${result.status}: ${JSON.stringify(result)}`);
      if (failure !== undefined) throw failure;
      return value as T;
    },
  };
}
