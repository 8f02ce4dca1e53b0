/**
 * The shell's top bar: navigation, the sandbox controls (Zendesk clock, Run sync now) and
 * who is looking (user switcher, license switch). Switching user or license reloads the
 * admin page and the panel, as signing in as someone else would in Jira.
 */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import { LICENSE_STATES, type LicenseSwitch, type Session } from '../../../protocol';
import { advanceZendeskClock, runSyncNow, updateSession } from '../api/host';
import { errorText } from '../api/http';
import type { Route } from '../router';
import { useShell } from '../shellContext';
import { NavLink, nativeControlStyle } from './ui';

const LICENSE_LABELS: Record<LicenseSwitch, string> = {
  active: 'License: active',
  inactive: 'License: inactive',
  development: 'Development install',
};

const TABS: { label: string; route: Route; matches: Route['page'][]; testId: string }[] = [
  { label: 'Issues', route: { page: 'issues' }, matches: ['issues', 'issue'], testId: 'nav-issues' },
  { label: 'Zendesk', route: { page: 'zendesk' }, matches: ['zendesk', 'ticket'], testId: 'nav-zendesk' },
  { label: 'Activity', route: { page: 'activity' }, matches: ['activity'], testId: 'nav-activity' },
  { label: 'Apps › Zendesk Connector', route: { page: 'admin' }, matches: ['admin'], testId: 'nav-admin' },
];

export function TopBar({ route, onSession }: { route: Route; onSession: (session: Session) => void }) {
  const { session, bumpData, notify } = useShell();
  const [syncing, setSyncing] = useState(false);
  const [advancing, setAdvancing] = useState(false);

  const switchTo = async (update: { user?: string; license?: LicenseSwitch }) => {
    try {
      onSession(await updateSession(update));
    } catch (error) {
      notify({ kind: 'error', text: `Could not switch: ${errorText(error)}` });
    }
  };

  const runSync = async () => {
    setSyncing(true);
    try {
      const outcome = await runSyncNow();
      notify(
        outcome.ok
          ? { kind: 'success', text: `Sync run finished${outcome.message ? `: ${outcome.message}` : ''}` }
          : { kind: 'error', text: `Sync run failed: ${outcome.message ?? 'see Activity'}` },
      );
    } catch (error) {
      notify({ kind: 'error', text: `Sync run failed: ${errorText(error)}` });
    } finally {
      setSyncing(false);
      bumpData();
    }
  };

  const advance = async (seconds: number) => {
    setAdvancing(true);
    try {
      const { now } = await advanceZendeskClock(seconds);
      notify({ kind: 'info', text: `Zendesk clock is now ${new Date(now).toLocaleTimeString()}` });
    } catch (error) {
      notify({ kind: 'error', text: `Could not move the clock: ${errorText(error)}` });
    } finally {
      setAdvancing(false);
      bumpData();
    }
  };

  return (
    <header
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 16,
        padding: '8px 16px',
        borderBottom: `1px solid ${token('color.border')}`,
        background: token('elevation.surface'),
        position: 'sticky',
        top: 0,
        zIndex: 100,
        flexWrap: 'wrap',
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span style={{ fontWeight: 700, fontSize: 18, color: token('color.text.brand') }}>Jira</span>
        <Lozenge appearance="new">sandbox</Lozenge>
      </div>
      <nav style={{ display: 'flex', gap: 4 }}>
        {TABS.map((tab) => {
          const active = tab.matches.includes(route.page);
          return (
            <NavLink
              key={tab.testId}
              to={tab.route}
              testId={tab.testId}
              style={{
                padding: '6px 10px',
                borderRadius: 3,
                textDecoration: 'none',
                fontWeight: 500,
                color: active ? token('color.text.selected') : token('color.text'),
                background: active ? token('color.background.selected') : 'transparent',
              }}
            >
              {tab.label}
            </NavLink>
          );
        })}
      </nav>
      <div style={{ flex: 1 }} />
      <div style={{ display: 'flex', alignItems: 'center', gap: 6 }} data-testid="zendesk-clock">
        <span style={{ fontSize: 12, color: token('color.text.subtle') }}>
          {`Zendesk clock ${new Date(session.zendeskNow).toLocaleTimeString()}`}
        </span>
        <Button spacing="compact" isDisabled={advancing} onClick={() => void advance(61)} testId="clock-advance-1m">
          +1 min
        </Button>
        <Button spacing="compact" isDisabled={advancing} onClick={() => void advance(300)} testId="clock-advance-5m">
          +5 min
        </Button>
      </div>
      <Button appearance="primary" isLoading={syncing} onClick={() => void runSync()} testId="run-sync-now">
        Run sync now
      </Button>
      <label style={{ display: 'flex', alignItems: 'center', gap: 4, fontSize: 12 }}>
        <span style={{ color: token('color.text.subtle') }}>Viewing as</span>
        <select
          data-testid="user-switcher"
          value={session.user}
          style={nativeControlStyle}
          onChange={(event) => void switchTo({ user: event.currentTarget.value })}
        >
          {session.users.map((user) => (
            <option key={user.key} value={user.key}>
              {`${user.displayName} (${user.role})`}
            </option>
          ))}
        </select>
      </label>
      <select
        data-testid="license-switch"
        aria-label="License"
        value={session.license}
        style={nativeControlStyle}
        onChange={(event) => void switchTo({ license: event.currentTarget.value as LicenseSwitch })}
      >
        {LICENSE_STATES.map((state) => (
          <option key={state} value={state}>
            {LICENSE_LABELS[state]}
          </option>
        ))}
      </select>
    </header>
  );
}
