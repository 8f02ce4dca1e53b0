/**
 * What the host shows for a component it cannot render: a visible box naming it, so a
 * gap in the sandbox's renderer is obvious instead of silently dropping part of the app.
 */
import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';

const boxStyle: CSSProperties = {
  border: `2px dashed ${token('color.border.danger')}`,
  color: token('color.text.danger'),
  background: token('color.background.danger'),
  borderRadius: 3,
  padding: '4px 8px',
  fontSize: 12,
  fontFamily: token('font.family.code', 'monospace'),
};

export function UnsupportedComponent({ type }: { type: string }) {
  return (
    <div role="note" data-uikit-unsupported={type} style={boxStyle}>
      {`Unsupported UI Kit component: ${type}`}
    </div>
  );
}

export function UnsupportedProp({ component, prop }: { component: string; prop: string }) {
  return (
    <span
      role="note"
      data-uikit-unsupported={`${component}.${prop}`}
      style={{ ...boxStyle, display: 'inline-block' }}
    >
      {`Unsupported UI Kit prop: ${component}.${prop} (React element)`}
    </span>
  );
}
