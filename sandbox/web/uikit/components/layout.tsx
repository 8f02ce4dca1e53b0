/**
 * Layout and text: Root, Box, Stack, Inline, Text, Heading, Strong, Em, Link, String.
 * UI Kit's versions are thin wrappers over @atlaskit/primitives and @atlaskit/heading
 * with the same prop names, so the props go through after a type check.
 */
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { ComponentProps, CSSProperties } from 'react';
import { useRenderHost, type NodeProps } from '../context';
import { callApp, serialiseEvent } from '../events';
import { bool, fn, num, oneOf, str } from '../props';

type StackProps = ComponentProps<typeof Stack>;
type InlineProps = ComponentProps<typeof Inline>;
type TextProps = ComponentProps<typeof Text>;
type BoxProps = ComponentProps<typeof Box>;
type HeadingSize = ComponentProps<typeof Heading>['size'];

const SPACE = [
  'space.0',
  'space.025',
  'space.050',
  'space.075',
  'space.100',
  'space.150',
  'space.200',
  'space.250',
  'space.300',
  'space.400',
  'space.500',
  'space.600',
  'space.800',
  'space.1000',
] as const satisfies readonly NonNullable<StackProps['space']>[];
const ALIGN_INLINE = ['start', 'center', 'end', 'stretch'] as const;
const ALIGN_BLOCK = ['start', 'center', 'end', 'baseline', 'stretch'] as const;
const STACK_ALIGN_BLOCK = ['start', 'center', 'end', 'stretch'] as const;
const GROW = ['hug', 'fill'] as const;
const SPREAD = ['space-between'] as const;
const TEXT_SIZE = ['small', 'medium', 'large'] as const;
const TEXT_WEIGHT = ['regular', 'medium', 'semibold', 'bold'] as const;
const TEXT_ALIGN = ['start', 'center', 'end'] as const;
const HEADING_SIZE = [
  'xxlarge',
  'xlarge',
  'large',
  'medium',
  'small',
  'xsmall',
  'xxsmall',
] as const satisfies readonly HeadingSize[];

/** Leaves out undefined values, which exactOptionalPropertyTypes will not accept as "absent". */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export function RootNode({ node }: NodeProps) {
  return <>{useRenderHost().renderChildren(node.children)}</>;
}

export function StringNode({ node }: NodeProps) {
  const text = node.props.text;
  // A text node is always a React text child: app strings are never parsed as markup.
  return <>{typeof text === 'string' || typeof text === 'number' ? String(text) : ''}</>;
}

export function StackNode({ node }: NodeProps) {
  const { props } = node;
  const layout: Partial<StackProps> = defined({
    space: oneOf(props, 'space', SPACE),
    alignInline: oneOf(props, 'alignInline', ALIGN_INLINE),
    alignBlock: oneOf(props, 'alignBlock', STACK_ALIGN_BLOCK),
    grow: oneOf(props, 'grow', GROW),
    spread: oneOf(props, 'spread', SPREAD),
    testId: str(props, 'testId'),
  });
  return <Stack {...layout}>{useRenderHost().renderChildren(node.children)}</Stack>;
}

export function InlineNode({ node }: NodeProps) {
  const { props } = node;
  const layout: Partial<InlineProps> = defined({
    space: oneOf(props, 'space', SPACE),
    rowSpace: oneOf(props, 'rowSpace', SPACE),
    alignInline: oneOf(props, 'alignInline', ALIGN_INLINE),
    alignBlock: oneOf(props, 'alignBlock', ALIGN_BLOCK),
    grow: oneOf(props, 'grow', GROW),
    spread: oneOf(props, 'spread', SPREAD),
    shouldWrap: props.shouldWrap === true ? true : undefined,
    separator: str(props, 'separator'),
    testId: str(props, 'testId'),
  });
  return <Inline {...layout}>{useRenderHost().renderChildren(node.children)}</Inline>;
}

/**
 * UI Kit's `xcss()` returns the plain style object; @atlaskit/primitives' runtime `xcss`
 * turns its token names into CSS. It mutates its argument and throws on selectors it
 * does not allow, so it gets a copy and a refusal only drops the style.
 */
function boxStyle(raw: unknown, report: (error: unknown) => void): BoxProps['xcss'] | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  try {
    // The style object's shape is app data checked by xcss itself; its TS type is a deep token union.
    return xcss(structuredClone(raw) as Parameters<typeof xcss>[0]);
  } catch (error) {
    report(error);
    return undefined;
  }
}

export function BoxNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const style = boxStyle(props.xcss, host.reportError);
  const spacing: Partial<BoxProps> = defined({
    padding: oneOf(props, 'padding', SPACE),
    paddingBlock: oneOf(props, 'paddingBlock', SPACE),
    paddingInline: oneOf(props, 'paddingInline', SPACE),
    paddingBlockStart: oneOf(props, 'paddingBlockStart', SPACE),
    paddingBlockEnd: oneOf(props, 'paddingBlockEnd', SPACE),
    paddingInlineStart: oneOf(props, 'paddingInlineStart', SPACE),
    paddingInlineEnd: oneOf(props, 'paddingInlineEnd', SPACE),
    // Background tokens are a long union; the primitive ignores a name it does not know.
    backgroundColor: str(props, 'backgroundColor') as BoxProps['backgroundColor'],
    testId: str(props, 'testId'),
  });
  return (
    <Box {...spacing} {...(style ? { xcss: style } : {})}>
      {host.renderChildren(node.children)}
    </Box>
  );
}

export function TextNode({ node }: NodeProps) {
  const { props } = node;
  const color = str(props, 'color');
  const text: Partial<TextProps> = defined({
    size: oneOf(props, 'size', TEXT_SIZE),
    weight: oneOf(props, 'weight', TEXT_WEIGHT),
    align: oneOf(props, 'align', TEXT_ALIGN),
    maxLines: num(props, 'maxLines'),
    // Text colours are a long token union; the primitive falls back when it does not know a name.
    color: color?.startsWith('color.') ? (color as TextProps['color']) : undefined,
    testId: str(props, 'testId'),
  });
  const as = str(props, 'as');
  const body = useRenderHost().renderChildren(node.children);
  // UI Kit adds `as="strike"`; the primitive has no such element, so strike it here.
  if (as === 'strike') {
    return (
      <Text {...text}>
        <s>{body}</s>
      </Text>
    );
  }
  const element = oneOf(props, 'as', ['p', 'span', 'strong', 'em'] as const);
  return (
    <Text {...text} as={element ?? 'p'}>
      {body}
    </Text>
  );
}

export function HeadingNode({ node }: NodeProps) {
  const { props } = node;
  const as = oneOf(props, 'as', ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'span'] as const);
  return (
    <Heading size={oneOf(props, 'size', HEADING_SIZE) ?? 'medium'} {...(as ? { as } : {})}>
      {useRenderHost().renderChildren(node.children)}
    </Heading>
  );
}

export function StrongNode({ node }: NodeProps) {
  return <strong>{useRenderHost().renderChildren(node.children)}</strong>;
}

export function EmNode({ node }: NodeProps) {
  return <em>{useRenderHost().renderChildren(node.children)}</em>;
}

export function StrikeNode({ node }: NodeProps) {
  return <s>{useRenderHost().renderChildren(node.children)}</s>;
}

const linkStyle: CSSProperties = { color: token('color.link'), textDecoration: 'none' };

/** Only web links are followed; anything else (javascript:, data:) renders as plain text. */
export function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  try {
    const url = new URL(href, window.location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:'
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}

/** A safe link, mapped by the host (e.g. Zendesk agent URLs to the sandbox's Zendesk view). */
export function useHref(href: string | undefined): string | undefined {
  const host = useRenderHost();
  const safe = safeHref(href);
  return safe === undefined ? undefined : host.resolveHref(safe);
}

export function LinkNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const href = useHref(str(props, 'href'));
  const body = host.renderChildren(node.children);
  if (href === undefined) return <span>{body}</span>;
  const newTab = bool(props, 'openNewTab') || str(props, 'target') === '_blank';
  return (
    <a
      href={href}
      style={linkStyle}
      {...(newTab ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      onClick={(event) => callApp(host.reportError, fn(props, 'onClick'), serialiseEvent(event))}
    >
      {body}
    </a>
  );
}
