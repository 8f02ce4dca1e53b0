/**
 * /uikit-gallery: every UI Kit component the sandbox renderer supports (and one it does not),
 * from a real @forge/react app in a frame. For people extending the panel: if a component
 * looks wrong or shows "Unsupported" here, it will in the issue view too.
 */
import { useMemo } from 'react';
import { UiKitFrame } from '../components/UiKitFrame';
import { Muted, Page, Panel } from '../components/ui';

export function GalleryView() {
  const extension = useMemo(
    () => ({
      type: 'jira:issuePanel' as const,
      issue: { id: '0', key: 'GALLERY-1', type: 'Task' },
      project: { id: '0', key: 'GALLERY', type: 'software' },
    }),
    [],
  );
  return (
    <Page
      title="UI Kit gallery"
      testId="gallery-view"
      actions={<Muted>sandbox/web/shell/src/gallery/GalleryApp.tsx</Muted>}
    >
      <Panel>
        <UiKitFrame
          src="/uikit-gallery-runtime.html"
          testId="gallery-frame"
          extension={extension}
          instance="gallery"
        />
      </Panel>
    </Page>
  );
}
