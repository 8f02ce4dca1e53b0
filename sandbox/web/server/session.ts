/**
 * Who is looking and what the installation's license is. The license switch is applied to
 * the emulator itself, so resolvers, the scheduled trigger and event handlers all see it,
 * as they would for one Jira site:
 * - active: a production install of a paid app with an active license;
 * - inactive: production, license present but not active;
 * - development: a development install, where Forge passes no license at all
 *   (docs/contracts/forge-platform.md § License).
 */
import type { ForgeEmulator, License } from '../../forge';
import type { LicenseSwitch } from '../protocol';
import type { HostUser } from './stack';

export function licenseConfig(state: LicenseSwitch): {
  environmentType: 'PRODUCTION' | 'DEVELOPMENT';
  license: License | undefined;
} {
  switch (state) {
    case 'active':
      return { environmentType: 'PRODUCTION', license: { isActive: true, active: true, type: 'commercial' } };
    case 'inactive':
      return {
        environmentType: 'PRODUCTION',
        license: { isActive: false, active: false, type: 'commercial' },
      };
    case 'development':
      return { environmentType: 'DEVELOPMENT', license: undefined };
  }
}

export class HostSession {
  private userKey: string;
  private licenseState: LicenseSwitch;

  constructor(
    private readonly emulator: ForgeEmulator,
    readonly users: readonly HostUser[],
    initial: { user?: string; license?: LicenseSwitch } = {},
  ) {
    const first = users[0];
    if (!first) throw new Error('the Jira simulator has no users to act as');
    this.userKey = initial.user && users.some((u) => u.key === initial.user) ? initial.user : first.key;
    this.licenseState = initial.license ?? 'active';
    this.emulator.configure(licenseConfig(this.licenseState));
  }

  get user(): HostUser {
    const user = this.users.find((u) => u.key === this.userKey);
    if (!user) throw new Error(`unknown sandbox user ${this.userKey}`);
    return user;
  }

  get license(): LicenseSwitch {
    return this.licenseState;
  }

  userByKey(key: string): HostUser | undefined {
    return this.users.find((u) => u.key === key);
  }

  /** Returns an error message for an unknown user, or null after switching. */
  update(change: { user?: string | undefined; license?: LicenseSwitch | undefined }): string | null {
    if (change.user !== undefined) {
      if (!this.userByKey(change.user)) return `No sandbox user '${change.user}'`;
      this.userKey = change.user;
    }
    if (change.license !== undefined && change.license !== this.licenseState) {
      this.licenseState = change.license;
      this.emulator.configure(licenseConfig(change.license));
    }
    return null;
  }
}
