/**
 * Modal, ModalTransition, ModalHeader, ModalTitle, ModalBody, ModalFooter over
 * @atlaskit/modal-dialog. The renderer runs in the host page, so a modal covers the whole
 * page as it does in Jira, not just the panel's area.
 */
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { useRenderHost, type NodeProps } from '../context';
import { callApp } from '../events';
import { bool, fn, oneOf, str } from '../props';

const NAMED_WIDTH = ['small', 'medium', 'large', 'x-large'] as const;

/** Forge adds 'fullscreen' and 'resizable', which Atlaskit does not name. */
function sizeOf(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value === '') return undefined;
  if (value === 'fullscreen') return '100%';
  if (value === 'resizable') return undefined;
  return value;
}

/**
 * ModalTransition only animates modals in and out. Atlaskit's version (ExitingPersistence)
 * left its portal empty in headless Chromium when its children came from this renderer
 * (seen in the gallery and the panel's Link dialog), so the host renders the children
 * directly: the modal shows and closes at once, without the fade.
 */
export function ModalTransitionNode({ node }: NodeProps) {
  return <>{useRenderHost().renderChildren(node.children)}</>;
}

export function ModalNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const width = oneOf(props, 'width', NAMED_WIDTH) ?? sizeOf(props.width);
  const height = sizeOf(props.height);
  const label = str(props, 'label');
  const testId = str(props, 'testId');
  return (
    <ModalDialog
      onClose={() => callApp(host.reportError, fn(props, 'onClose'))}
      {...(width !== undefined ? { width } : {})}
      {...(height !== undefined ? { height } : {})}
      {...(label ? { label } : {})}
      {...(testId ? { testId } : {})}
      shouldScrollInViewport={bool(props, 'shouldScrollInViewport')}
    >
      {host.renderChildren(node.children)}
    </ModalDialog>
  );
}

export function ModalHeaderNode({ node }: NodeProps) {
  return <ModalHeader>{useRenderHost().renderChildren(node.children)}</ModalHeader>;
}

export function ModalTitleNode({ node }: NodeProps) {
  const appearance = oneOf(node.props, 'appearance', ['danger', 'warning'] as const);
  return (
    <ModalTitle {...(appearance ? { appearance } : {})} isMultiline={node.props.isMultiline !== false}>
      {useRenderHost().renderChildren(node.children)}
    </ModalTitle>
  );
}

export function ModalBodyNode({ node }: NodeProps) {
  return <ModalBody>{useRenderHost().renderChildren(node.children)}</ModalBody>;
}

export function ModalFooterNode({ node }: NodeProps) {
  return <ModalFooter>{useRenderHost().renderChildren(node.children)}</ModalFooter>;
}
