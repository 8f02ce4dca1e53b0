/**
 * The shell's top bar: navigation, the sandbox controls (Zendesk clock, Run sync now) and
 * who is looking (user switcher, license switch). Switching user or license reloads the
 * admin page and the panel, as signing in as someone else would in Jira.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState, type CSSProperties } from 'react';
import { LICENSE_STATES, type LicenseSwitch, type Session } from '../../../protocol';
import { advanceZendeskClock, runSyncNow, updateSession } from '../api/host';
import { errorText } from '../api/http';
import type { Route } from '../router';
import { useShell } from '../shellContext';
import { NavLink } from './ui';

const LICENSE_LABELS: Record<LicenseSwitch, string> = {
  active: 'License: active',
  inactive: 'License: inactive',
  development: 'Development install',
};

const TABS: { label: string; route: Route; matches: Route['page'][]; testId: string }[] = [
  { label: 'Issues', route: { page: 'issues' }, matches: ['issues', 'issue'], testId: 'nav-issues' },
  { label: 'Zendesk', route: { page: 'zendesk' }, matches: ['zendesk', 'ticket'], testId: 'nav-zendesk' },
  { label: 'Activity', route: { page: 'activity' }, matches: ['activity'], testId: 'nav-activity' },
  {
    label: 'Apps › Zendesk Connector (admin)',
    route: { page: 'admin' },
    matches: ['admin'],
    testId: 'nav-admin',
  },
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
    <header style={{ position: 'sticky', top: 0, zIndex: 100 }}>
      <div
        data-testid="sandbox-controls"
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          padding: '4px 16px',
          background: '#172B4D',
          color: '#FFFFFF',
          fontSize: 12,
          flexWrap: 'wrap',
        }}
      >
        <strong style={{ letterSpacing: 0.3 }}>SANDBOX</strong>
        <span style={{ opacity: 0.8 }}>local Jira · Zendesk · Forge</span>
        <div style={{ flex: 1 }} />
        <span data-testid="zendesk-clock" style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <span title="The Zendesk simulator's clock; its incremental export never returns the latest minute">
            {`Zendesk time ${new Date(session.zendeskNow).toLocaleTimeString()}`}
          </span>
          <button
            type="button"
            style={darkButton}
            disabled={advancing}
            onClick={() => void advance(61)}
            data-testid="clock-advance-1m"
          >
            +1 min
          </button>
          <button
            type="button"
            style={darkButton}
            disabled={advancing}
            onClick={() => void advance(300)}
            data-testid="clock-advance-5m"
          >
            +5 min
          </button>
        </span>
        <Button
          appearance="primary"
          spacing="compact"
          isLoading={syncing}
          onClick={() => void runSync()}
          testId="run-sync-now"
        >
          Run sync now
        </Button>
        <label style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <span>Viewing as</span>
          <select
            data-testid="user-switcher"
            value={session.user}
            style={darkSelect}
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
          style={darkSelect}
          onChange={(event) => {
            const license = LICENSE_STATES.find((state) => state === event.currentTarget.value);
            if (license) void switchTo({ license });
          }}
        >
          {LICENSE_STATES.map((state) => (
            <option key={state} value={state}>
              {LICENSE_LABELS[state]}
            </option>
          ))}
        </select>
      </div>
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          padding: '6px 16px',
          borderBottom: `1px solid ${token('color.border')}`,
          background: token('elevation.surface'),
        }}
      >
        <span style={{ fontWeight: 700, fontSize: 18, color: token('color.text.brand') }}>Jira</span>
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
      </div>
    </header>
  );
}

const darkButton: CSSProperties = {
  font: 'inherit',
  fontSize: 12,
  color: '#FFFFFF',
  background: 'rgba(255,255,255,0.12)',
  border: '1px solid rgba(255,255,255,0.3)',
  borderRadius: 3,
  padding: '1px 6px',
  cursor: 'pointer',
};

const darkSelect: CSSProperties = {
  font: 'inherit',
  fontSize: 12,
  color: '#FFFFFF',
  background: '#253858',
  border: '1px solid rgba(255,255,255,0.3)',
  borderRadius: 3,
  padding: '2px 4px',
};
