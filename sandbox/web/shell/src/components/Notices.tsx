/** Flag-like notices in the bottom-left corner, as Jira shows them. */
import SectionMessage from '@atlaskit/section-message';
import type { Notice } from '../shellContext';

const APPEARANCE = { success: 'success', error: 'error', info: 'information' } as const;

export function Notices({ notices }: { notices: (Notice & { id: number })[] }) {
  return (
    <div
      aria-live="polite"
      data-testid="notices"
      style={{
        position: 'fixed',
        left: 16,
        bottom: 16,
        width: 380,
        display: 'flex',
        flexDirection: 'column',
        gap: 8,
        zIndex: 600,
      }}
    >
      {notices.map((notice) => (
        <div
          key={notice.id}
          style={{ boxShadow: '0 4px 8px rgba(9,30,66,0.25)', borderRadius: 3, background: 'white' }}
        >
          <SectionMessage appearance={APPEARANCE[notice.kind]}>
            <p>{notice.text}</p>
          </SectionMessage>
        </div>
      ))}
    </div>
  );
}
