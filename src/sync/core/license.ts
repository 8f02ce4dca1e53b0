/** The license gate every sync entry point applies before any read or write. */
import { getAppContext } from '@forge/api';

interface LicenseLike {
  isActive?: boolean;
  active?: boolean;
}

function licenseOf(context: unknown): LicenseLike | undefined {
  const fromContext = (context as { license?: LicenseLike } | null | undefined)?.license;
  if (fromContext) return fromContext;
  try {
    return getAppContext().license as LicenseLike | undefined;
  } catch {
    return undefined;
  }
}

/**
 * True for a license that exists and does not say active: Forge sends a license only to paid
 * apps in production (docs/contracts/forge-platform.md § License), so development and staging installs keep
 * working. Same rule as the resolvers' guard (src/resolvers/guard.ts), so both gates fail closed alike.
 */
export function licenseInactive(context: unknown): boolean {
  const license = licenseOf(context);
  if (!license) return false;
  return !(license.isActive === true || (license.isActive === undefined && license.active === true));
}
