/**
 * The Forge emulator loaded with the app's own manifest (its `lease` entity included), reset
 * before each test of the file: empty storage, no faults, an empty call log, the real clock.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, vi } from 'vitest';
import { createForgeEmulator, type ForgeEmulator } from '../../sandbox/forge';

export function useStorageEmulator(): ForgeEmulator {
  const emu = createForgeEmulator({ appDir: fileURLToPath(new URL('../..', import.meta.url)) });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.storage.clear();
    emu.faults.clear();
    emu.clearCalls();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return emu;
}
