/** Button, LoadingButton, LinkButton and ButtonGroup over @atlaskit/button's current buttons. */
import Button, { LinkButton } from '@atlaskit/button/new';
import ButtonGroup from '@atlaskit/button/button-group';
import type { ComponentProps } from 'react';
import { useRenderHost, type NodeProps } from '../context';
import { callApp, serialiseEvent } from '../events';
import { iconFor } from '../icons';
import { bool, fn, oneOf, str, type Props } from '../props';
import { useHref } from './layout';

type ButtonProps = ComponentProps<typeof Button>;

const APPEARANCE = ['default', 'danger', 'primary', 'subtle', 'warning', 'discovery'] as const;

/**
 * UI Kit also accepts the legacy 'link' / 'subtle-link' appearances and `spacing="none"`,
 * which the current Atlaskit button dropped; they map to the closest it has.
 */
function appearanceOf(props: Props): (typeof APPEARANCE)[number] | undefined {
  const legacy = str(props, 'appearance');
  if (legacy === 'link' || legacy === 'subtle-link') return 'subtle';
  return oneOf(props, 'appearance', APPEARANCE);
}

function spacingOf(props: Props): ButtonProps['spacing'] | undefined {
  const spacing = str(props, 'spacing');
  if (spacing === 'none' || spacing === 'compact') return 'compact';
  return spacing === 'default' ? 'default' : undefined;
}

function commonProps(props: Props) {
  const appearance = appearanceOf(props);
  const spacing = spacingOf(props);
  const iconBefore = iconFor(str(props, 'iconBefore'));
  const iconAfter = iconFor(str(props, 'iconAfter'));
  const testId = str(props, 'testId');
  return {
    ...(appearance ? { appearance } : {}),
    ...(spacing ? { spacing } : {}),
    ...(iconBefore ? { iconBefore } : {}),
    ...(iconAfter ? { iconAfter } : {}),
    ...(testId ? { testId } : {}),
    isDisabled: bool(props, 'isDisabled'),
    isSelected: bool(props, 'isSelected'),
    shouldFitContainer: bool(props, 'shouldFitContainer'),
    autoFocus: bool(props, 'autoFocus'),
  };
}

/** Button and LoadingButton: the same Atlaskit button, LoadingButton adds `isLoading`. */
export function ButtonNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const type = oneOf(props, 'type', ['button', 'submit', 'reset'] as const) ?? 'button';
  return (
    <Button
      {...commonProps(props)}
      type={type}
      isLoading={bool(props, 'isLoading')}
      onClick={(event) => callApp(host.reportError, fn(props, 'onClick'), serialiseEvent(event))}
      onBlur={(event) => callApp(host.reportError, fn(props, 'onBlur'), serialiseEvent(event))}
      onFocus={(event) => callApp(host.reportError, fn(props, 'onFocus'), serialiseEvent(event))}
    >
      {host.renderChildren(node.children)}
    </Button>
  );
}

export function LinkButtonNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const href = useHref(str(props, 'href'));
  const body = host.renderChildren(node.children);
  if (href === undefined) {
    // No usable URL: a disabled button keeps the label visible without a dangerous link.
    return (
      <Button {...commonProps(props)} isDisabled>
        {body}
      </Button>
    );
  }
  const newTab = str(props, 'target') === '_blank';
  return (
    <LinkButton
      {...commonProps(props)}
      href={href}
      {...(newTab ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      onClick={(event) => callApp(host.reportError, fn(props, 'onClick'), serialiseEvent(event))}
    >
      {body}
    </LinkButton>
  );
}

export function ButtonGroupNode({ node }: NodeProps) {
  const { props } = node;
  const label = str(props, 'label');
  const testId = str(props, 'testId');
  // Atlaskit's group is inline-flex with growing children; in a Stack (a stretching flex
  // column) that would stretch every button across the card. A block wrapper keeps the
  // buttons at their natural width, as Jira shows them.
  return (
    <div>
      <ButtonGroup {...(label ? { label } : {})} {...(testId ? { testId } : {})}>
        {useRenderHost().renderChildren(node.children)}
      </ButtonGroup>
    </div>
  );
}
