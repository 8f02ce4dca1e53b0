/**
 * Renders a UI Kit forgeDoc with Atlaskit components. Each node type maps to one
 * component; a type with no mapping renders a visible "Unsupported UI Kit component" box.
 * Text is always a React text child, never markup.
 */
import { Component, useMemo, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { ButtonGroupNode, ButtonNode, LinkButtonNode } from './components/actions';
import {
  CheckboxNode,
  ErrorMessageNode,
  FormFooterNode,
  FormHeaderNode,
  FormNode,
  FormSectionNode,
  HelperMessageNode,
  LabelNode,
  RequiredAsteriskNode,
  TextAreaNode,
  TextfieldNode,
  ValidMessageNode,
} from './components/forms';
import {
  BoxNode,
  EmNode,
  HeadingNode,
  InlineNode,
  LinkNode,
  RootNode,
  StackNode,
  StrikeNode,
  StringNode,
  StrongNode,
  TextNode,
} from './components/layout';
import {
  ModalBodyNode,
  ModalFooterNode,
  ModalHeaderNode,
  ModalNode,
  ModalTitleNode,
  ModalTransitionNode,
} from './components/modal';
import {
  BadgeNode,
  CodeBlockNode,
  CodeNode,
  EmptyStateNode,
  ListItemNode,
  ListNode,
  LozengeNode,
  SectionMessageActionNode,
  SectionMessageNode,
  SpinnerNode,
  TagGroupNode,
  TagNode,
  TooltipNode,
} from './components/status';
import { DynamicTableNode } from './components/table';
import { UnsupportedComponent } from './components/unsupported';
import { RenderHostContext, type NodeProps, type RenderHost } from './context';
import type { AppErrorReporter } from './events';
import type { ForgeDoc } from './forgeDoc';
import { isSupported, type SupportedType } from './supported';

export const COMPONENTS: Readonly<Record<SupportedType, ComponentType<NodeProps>>> = {
  Root: RootNode,
  String: StringNode,
  Box: BoxNode,
  Stack: StackNode,
  Inline: InlineNode,
  Text: TextNode,
  Heading: HeadingNode,
  Strong: StrongNode,
  Em: EmNode,
  Strike: StrikeNode,
  Link: LinkNode,
  Button: ButtonNode,
  LoadingButton: ButtonNode,
  LinkButton: LinkButtonNode,
  ButtonGroup: ButtonGroupNode,
  Lozenge: LozengeNode,
  Badge: BadgeNode,
  SectionMessage: SectionMessageNode,
  SectionMessageAction: SectionMessageActionNode,
  Spinner: SpinnerNode,
  EmptyState: EmptyStateNode,
  Tooltip: TooltipNode,
  Tag: TagNode,
  TagGroup: TagGroupNode,
  Code: CodeNode,
  CodeBlock: CodeBlockNode,
  List: ListNode,
  ListItem: ListItemNode,
  Form: FormNode,
  FormHeader: FormHeaderNode,
  FormSection: FormSectionNode,
  FormFooter: FormFooterNode,
  Label: LabelNode,
  Textfield: TextfieldNode,
  TextArea: TextAreaNode,
  Checkbox: CheckboxNode,
  ErrorMessage: ErrorMessageNode,
  HelperMessage: HelperMessageNode,
  ValidMessage: ValidMessageNode,
  RequiredAsterisk: RequiredAsteriskNode,
  Modal: ModalNode,
  ModalTransition: ModalTransitionNode,
  ModalHeader: ModalHeaderNode,
  ModalTitle: ModalTitleNode,
  ModalBody: ModalBodyNode,
  ModalFooter: ModalFooterNode,
  DynamicTable: DynamicTableNode,
};

function NodeView({ node }: NodeProps) {
  if (!isSupported(node.type)) return <UnsupportedComponent type={node.type} />;
  const Renderer = COMPONENTS[node.type];
  return <Renderer node={node} />;
}

/** One failing component shows where it failed; the rest of the app keeps rendering. */
class NodeBoundary extends Component<
  { type: string; report: AppErrorReporter; children: ReactNode },
  { failed: string | null }
> {
  override state = { failed: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo) {
    this.props.report(error);
  }

  override render() {
    if (this.state.failed !== null) {
      return (
        <div
          role="alert"
          data-uikit-render-error={this.props.type}
          style={{ color: '#AE2E24', fontSize: 12 }}
        >
          {`Could not render ${this.props.type}: ${this.state.failed}`}
        </div>
      );
    }
    return this.props.children;
  }
}

export interface UiKitRendererProps {
  doc: ForgeDoc;
  onAppError: AppErrorReporter;
  /** Maps the app's (already vetted) link targets; default: unchanged. */
  resolveHref?: (href: string) => string;
}

const sameHref = (href: string) => href;

export function UiKitRenderer({ doc, onAppError, resolveHref = sameHref }: UiKitRendererProps) {
  const host = useMemo<RenderHost>(
    () => ({
      reportError: onAppError,
      resolveHref,
      renderChildren: (nodes) =>
        nodes.map((child) => (
          <NodeBoundary key={child.key} type={child.type} report={onAppError}>
            <NodeView node={child} />
          </NodeBoundary>
        )),
    }),
    [onAppError, resolveHref],
  );
  return (
    <RenderHostContext.Provider value={host}>
      <NodeView node={doc} />
    </RenderHostContext.Provider>
  );
}
