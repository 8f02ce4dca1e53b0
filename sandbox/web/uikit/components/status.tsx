/**
 * Status and feedback: Lozenge, Badge, SectionMessage (+ SectionMessageAction), Spinner,
 * EmptyState, Tooltip, Tag, Code, List. Lozenge, SectionMessage and Spinner are the
 * Atlaskit components UI Kit wraps; the rest are small token-styled equivalents.
 */
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useRenderHost, type NodeProps } from '../context';
import { callApp, serialiseEvent } from '../events';
import { textOf } from '../forgeDoc';
import { bool, fn, isForeignElement, num, oneOf, str } from '../props';
import { useHref } from './layout';
import { UnsupportedProp } from './unsupported';

const LOZENGE = ['default', 'inprogress', 'moved', 'new', 'removed', 'success'] as const;

export function LozengeNode({ node }: NodeProps) {
  const { props } = node;
  const maxWidth = num(props, 'maxWidth') ?? str(props, 'maxWidth');
  return (
    <Lozenge
      appearance={oneOf(props, 'appearance', LOZENGE) ?? 'default'}
      isBold={bool(props, 'isBold')}
      {...(maxWidth !== undefined ? { maxWidth } : {})}
    >
      {useRenderHost().renderChildren(node.children)}
    </Lozenge>
  );
}

const BADGE_COLOURS: Record<string, { background: string; color: string }> = {
  default: { background: token('color.background.neutral'), color: token('color.text') },
  primary: { background: token('color.background.brand.bold'), color: token('color.text.inverse') },
  primaryInverted: { background: token('color.background.input'), color: token('color.text.brand') },
  important: { background: token('color.background.danger.bold'), color: token('color.text.inverse') },
  added: { background: token('color.background.success'), color: token('color.text.success') },
  removed: { background: token('color.background.danger'), color: token('color.text.danger') },
};

export function BadgeNode({ node }: NodeProps) {
  const { props } = node;
  const colours = BADGE_COLOURS[str(props, 'appearance') ?? 'default'] ?? BADGE_COLOURS.default;
  const max = num(props, 'max');
  const text = textOf(node);
  const value = Number(text);
  const shown = max !== undefined && Number.isFinite(value) && value > max ? `${max}+` : text;
  const style: CSSProperties = {
    ...colours,
    borderRadius: token('radius.full', '8px'),
    padding: '0 6px',
    fontSize: 12,
    lineHeight: '16px',
    display: 'inline-block',
    minWidth: 16,
    textAlign: 'center',
  };
  return <span style={style}>{shown}</span>;
}

const SECTION = ['information', 'warning', 'error', 'success', 'discovery'] as const;
/** UI Kit 1 names still seen in apps. */
const SECTION_ALIASES: Record<string, (typeof SECTION)[number]> = {
  info: 'information',
  confirmation: 'success',
  change: 'discovery',
};

export function SectionMessageNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const raw = str(props, 'appearance');
  const appearance =
    oneOf(props, 'appearance', SECTION) ?? (raw ? SECTION_ALIASES[raw] : undefined) ?? 'information';
  const title = str(props, 'title');
  // SectionMessageAction children become the message's action row, as in Atlaskit.
  const actions = node.children.filter((child) => child.type === 'SectionMessageAction');
  const body = node.children.filter((child) => child.type !== 'SectionMessageAction');
  return (
    <SectionMessage
      appearance={appearance}
      {...(title ? { title } : {})}
      {...(actions.length > 0
        ? { actions: actions.map((action) => <ActionOf key={action.key} node={action} />) }
        : {})}
    >
      {host.renderChildren(body)}
    </SectionMessage>
  );
}

function ActionOf({ node }: NodeProps) {
  const host = useRenderHost();
  const href = useHref(str(node.props, 'href'));
  const onClick = fn(node.props, 'onClick');
  return (
    <SectionMessageAction
      {...(href ? { href } : {})}
      {...(onClick ? { onClick: (event) => callApp(host.reportError, onClick, serialiseEvent(event)) } : {})}
    >
      {host.renderChildren(node.children)}
    </SectionMessageAction>
  );
}

/** A SectionMessageAction outside a SectionMessage still shows and works. */
export function SectionMessageActionNode({ node }: NodeProps) {
  return <ActionOf node={node} />;
}

const SPINNER_SIZE = ['xsmall', 'small', 'medium', 'large', 'xlarge'] as const;

export function SpinnerNode({ node }: NodeProps) {
  const { props } = node;
  const label = str(props, 'label');
  return (
    <Spinner
      size={oneOf(props, 'size', SPINNER_SIZE) ?? 'medium'}
      {...(label ? { label } : {})}
      {...(oneOf(props, 'appearance', ['inherit', 'invert'] as const) === 'invert'
        ? { appearance: 'invert' }
        : {})}
    />
  );
}

/** Props that Atlaskit takes as ReactNodes arrive as foreign React elements and cannot cross frames. */
function textProp(value: unknown, name: string): ReactNode {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (isForeignElement(value)) return <UnsupportedProp component="EmptyState" prop={name} />;
  return null;
}

export function EmptyStateNode({ node }: NodeProps) {
  const { props } = node;
  const wide = str(props, 'width') === 'wide';
  const actions = ['primaryAction', 'secondaryAction', 'tertiaryAction']
    .filter((name) => props[name] !== undefined)
    .map((name) => <span key={name}>{textProp(props[name], name)}</span>);
  return (
    <div
      data-testid={str(props, 'testId')}
      style={{
        maxWidth: wide ? 464 : 304,
        margin: '0 auto',
        padding: `${token('space.300', '24px')} 0`,
        textAlign: 'center',
      }}
    >
      <Stack space="space.150" alignInline="center">
        {bool(props, 'isLoading') ? <Spinner size="medium" /> : null}
        <Heading size="medium" as="h4">
          {textProp(props.header, 'header')}
        </Heading>
        {props.description !== undefined ? (
          <Text as="p" color="color.text.subtle">
            {textProp(props.description, 'description')}
          </Text>
        ) : null}
        {actions}
      </Stack>
    </div>
  );
}

export function TooltipNode({ node }: NodeProps) {
  const host = useRenderHost();
  const [open, setOpen] = useState(false);
  const content = node.props.content;
  const text = typeof content === 'string' || typeof content === 'number' ? String(content) : null;
  return (
    <span
      style={{ position: 'relative', display: 'inline-block' }}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
    >
      {host.renderChildren(node.children)}
      {open && text !== null ? (
        <span
          role="tooltip"
          style={{
            position: 'absolute',
            bottom: '100%',
            left: 0,
            marginBottom: 4,
            background: token('color.background.neutral.bold'),
            color: token('color.text.inverse'),
            borderRadius: 3,
            padding: '2px 6px',
            fontSize: 12,
            whiteSpace: 'nowrap',
            zIndex: 800,
          }}
        >
          {text}
        </span>
      ) : null}
      {isForeignElement(content) ? <UnsupportedProp component="Tooltip" prop="content" /> : null}
    </span>
  );
}

export function TagNode({ node }: NodeProps) {
  const text = str(node.props, 'text') ?? textOf(node);
  return (
    <span
      style={{
        background: token('color.background.neutral'),
        borderRadius: 3,
        padding: '0 4px',
        marginRight: 4,
        fontSize: 12,
        lineHeight: '20px',
        display: 'inline-block',
      }}
    >
      {text}
    </span>
  );
}

export function TagGroupNode({ node }: NodeProps) {
  return <span>{useRenderHost().renderChildren(node.children)}</span>;
}

const codeStyle: CSSProperties = {
  fontFamily: token('font.family.code', 'monospace'),
  background: token('color.background.neutral'),
  borderRadius: 3,
  padding: '0 2px',
};

export function CodeNode({ node }: NodeProps) {
  return <code style={codeStyle}>{useRenderHost().renderChildren(node.children)}</code>;
}

export function CodeBlockNode({ node }: NodeProps) {
  const text = str(node.props, 'text') ?? textOf(node);
  return <pre style={{ ...codeStyle, padding: 8, overflowX: 'auto' }}>{text}</pre>;
}

export function ListNode({ node }: NodeProps) {
  const ordered = str(node.props, 'type') === 'ordered';
  const body = useRenderHost().renderChildren(node.children);
  return ordered ? <ol>{body}</ol> : <ul>{body}</ul>;
}

export function ListItemNode({ node }: NodeProps) {
  return <li>{useRenderHost().renderChildren(node.children)}</li>;
}
