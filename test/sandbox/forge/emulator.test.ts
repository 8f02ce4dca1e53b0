// If @forge/api loads before the emulator, api.fetch holds the unguarded fetch: refuse to start.
import { describe, expect, it } from 'vitest';
import '@forge/api';
import { createForgeEmulator, EmulatorConfigError } from '../../../sandbox/forge';
import { FIXTURE_APP } from './support/recordingServer';

describe('import order guard', () => {
  it('refuses to create an emulator whose egress check @forge/api would bypass', () => {
    expect(() => createForgeEmulator({ appDir: FIXTURE_APP })).toThrow(EmulatorConfigError);
    expect(() => createForgeEmulator({ appDir: FIXTURE_APP })).toThrow(/Import sandbox\/forge .* before/);
  });
});
