/**
 * A lozenge that always shows its whole label: Atlaskit's Lozenge truncates past its
 * max-width and, inside a flex row next to long text, shrinks to "E…". Here it neither
 * shrinks nor caps its width.
 */
import Lozenge from '@atlaskit/lozenge';
import { Box, xcss } from '@atlaskit/primitives';
import type { ReactNode } from 'react';

const noShrink = xcss({ flexShrink: 0 });

export interface WholeLozengeProps {
  appearance: 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';
  children: ReactNode;
}

export function WholeLozenge({ appearance, children }: WholeLozengeProps) {
  return (
    <Box as="span" xcss={noShrink}>
      <Lozenge appearance={appearance} maxWidth="none">
        {children}
      </Lozenge>
    </Box>
  );
}
