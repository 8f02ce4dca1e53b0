/**
 * The sandbox's Jira shell: top bar plus one page per route. Owns the session (selected
 * user, license) and the data version every page reloads on.
 */
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Session } from '../../protocol';
import { getSession } from './api/host';
import { errorText } from './api/http';
import { Notices } from './components/Notices';
import { TopBar } from './components/TopBar';
import { ErrorMessage, Loading } from './components/ui';
import { useRoute } from './router';
import { ShellContext, type Notice, type ShellState } from './shellContext';
import { ActivityView } from './views/ActivityView';
import { AdminView } from './views/AdminView';
import { GalleryView } from './views/GalleryView';
import { IssuesView } from './views/IssuesView';
import { IssueView } from './views/IssueView';
import { TicketView } from './views/TicketView';
import { ZendeskView } from './views/ZendeskView';

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [notices, setNotices] = useState<(Notice & { id: number })[]>([]);

  const bumpData = useCallback(() => setDataVersion((n) => n + 1), []);
  const notify = useCallback((notice: Notice) => {
    const id = Date.now() + Math.random();
    setNotices((current) => [...current.slice(-3), { ...notice, id }]);
    setTimeout(() => setNotices((current) => current.filter((n) => n.id !== id)), 6000);
  }, []);

  // The session also carries the Zendesk clock and the scheduler's last run: refresh it with the data.
  useEffect(() => {
    let live = true;
    getSession().then(
      (next) => live && setSession(next),
      (error: unknown) => live && setFailure(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [dataVersion]);

  const onSession = useCallback(
    (next: Session) => {
      setSession(next);
      bumpData();
    },
    [bumpData],
  );

  const shell = useMemo<ShellState | null>(
    () => (session ? { session, dataVersion, bumpData, notify } : null),
    [session, dataVersion, bumpData, notify],
  );

  if (failure && !session) return <ErrorMessage title="The sandbox host is not answering" error={failure} />;
  if (!shell) return <Loading label="Starting the sandbox shell" />;

  return (
    <ShellContext.Provider value={shell}>
      <div
        style={{
          minHeight: '100vh',
          // The admin page fills the window below the bars; its iframe scrolls inside.
          ...(route.page === 'admin' ? { height: '100vh', display: 'flex', flexDirection: 'column' } : {}),
          background: token('elevation.surface.sunken'),
        }}
      >
        <TopBar route={route} onSession={onSession} />
        {route.page === 'issues' ? <IssuesView project={route.project} /> : null}
        {route.page === 'issue' ? <IssueView issueKey={route.key} /> : null}
        {route.page === 'admin' ? <AdminView /> : null}
        {route.page === 'zendesk' ? <ZendeskView /> : null}
        {route.page === 'ticket' ? <TicketView ticketId={route.id} /> : null}
        {route.page === 'activity' ? <ActivityView /> : null}
        {route.page === 'gallery' ? <GalleryView /> : null}
        <Notices notices={notices} />
      </div>
    </ShellContext.Provider>
  );
}
