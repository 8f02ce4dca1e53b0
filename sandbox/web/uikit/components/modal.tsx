/**
 * Modal, ModalTransition, ModalHeader, ModalTitle, ModalBody, ModalFooter. The renderer runs
 * in the host page, so a modal covers the whole page as it does in Jira, not just the
 * panel's area.
 *
 * These are look-alikes of @atlaskit/modal-dialog (same sizes, spacing, blanket, Escape and
 * blanket click to close), not the package itself: its portal and ModalTransition's
 * ExitingPersistence left the dialog empty whenever React double-mounted them (StrictMode in
 * a development build), so whether the Link dialog showed depended on how the shell was
 * built. A plain React portal into document.body behaves the same in every build.
 */
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useEffect, useRef, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import { useRenderHost, type NodeProps } from '../context';
import { callApp } from '../events';
import { fn, oneOf, str } from '../props';

/** Atlaskit's named widths (modal-dialog's width map). */
const WIDTHS = { small: 400, medium: 600, large: 800, 'x-large': 968 } as const;
const NAMED_WIDTH = ['small', 'medium', 'large', 'x-large'] as const;

/** Forge adds 'fullscreen' and 'resizable', which Atlaskit does not name. */
function sizeOf(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value === '') return undefined;
  if (value === 'fullscreen') return '100%';
  if (value === 'resizable') return undefined;
  return /^\d+(\.\d+)?(px|%|vw|vh|rem|em)$/.test(value) ? value : undefined;
}

/** ModalTransition only animates modals in and out; the host shows and hides them at once. */
export function ModalTransitionNode({ node }: NodeProps) {
  return <>{useRenderHost().renderChildren(node.children)}</>;
}

const blanketStyle: CSSProperties = {
  position: 'fixed',
  inset: 0,
  zIndex: 510,
  display: 'flex',
  justifyContent: 'center',
  alignItems: 'flex-start',
  padding: '60px 16px',
  background: token('color.blanket', 'rgba(9, 30, 66, 0.54)'),
  overflowY: 'auto',
};

export function ModalNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const dialog = useRef<HTMLElement>(null);
  const close = useRef<() => void>(() => undefined);
  close.current = () => callApp(host.reportError, fn(props, 'onClose'));

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // An autofocused field inside has taken focus already; otherwise the dialog takes it.
    if (!dialog.current?.contains(document.activeElement)) dialog.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const named = oneOf(props, 'width', NAMED_WIDTH);
  const width = named ? WIDTHS[named] : (sizeOf(props.width) ?? WIDTHS.medium);
  const height = sizeOf(props.height);
  const label = str(props, 'label');
  const testId = str(props, 'testId');
  return createPortal(
    <div
      style={blanketStyle}
      data-uikit-modal-blanket=""
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) close.current();
      }}
    >
      <section
        ref={dialog}
        role="dialog"
        aria-modal="true"
        tabIndex={-1}
        {...(label ? { 'aria-label': label } : {})}
        {...(testId ? { 'data-testid': testId } : {})}
        style={{
          width,
          maxWidth: '100%',
          ...(height !== undefined ? { height } : {}),
          maxHeight: 'calc(100vh - 120px)',
          display: 'flex',
          flexDirection: 'column',
          background: token('elevation.surface.overlay', '#FFFFFF'),
          color: token('color.text'),
          borderRadius: 3,
          boxShadow: token(
            'elevation.shadow.overlay',
            '0 8px 12px rgba(9,30,66,0.15), 0 0 1px rgba(9,30,66,0.31)',
          ),
          outline: 'none',
        }}
      >
        {host.renderChildren(node.children)}
      </section>
    </div>,
    document.body,
  );
}

export function ModalHeaderNode({ node }: NodeProps) {
  return (
    <div
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        padding: '24px 24px 22px',
      }}
    >
      {useRenderHost().renderChildren(node.children)}
    </div>
  );
}

export function ModalTitleNode({ node }: NodeProps) {
  const appearance = oneOf(node.props, 'appearance', ['danger', 'warning'] as const);
  const mark = appearance === 'danger' ? '⚠ ' : appearance === 'warning' ? '⚠ ' : '';
  return (
    <Heading size="medium" as="h1">
      {mark ? (
        <span style={{ color: token(appearance === 'danger' ? 'color.icon.danger' : 'color.icon.warning') }}>
          {mark}
        </span>
      ) : null}
      {useRenderHost().renderChildren(node.children)}
    </Heading>
  );
}

export function ModalBodyNode({ node }: NodeProps) {
  return (
    <div style={{ padding: '2px 24px', overflowY: 'auto', flex: '1 1 auto' }}>
      {useRenderHost().renderChildren(node.children)}
    </div>
  );
}

export function ModalFooterNode({ node }: NodeProps) {
  return (
    <div
      style={{
        display: 'flex',
        justifyContent: 'flex-end',
        alignItems: 'center',
        gap: 8,
        padding: '22px 24px 24px',
      }}
    >
      {useRenderHost().renderChildren(node.children)}
    </div>
  );
}
