/**
 * Forms: Form (+ header, section, footer), Label, Textfield, TextArea, Checkbox and the
 * field messages. Inputs send UI Kit's serialisable event to the app's `onChange`, which
 * is what @forge/react's `useForm().register()` and hand-written handlers both read.
 */
import Checkbox from '@atlaskit/checkbox';
import { ErrorMessage, HelperMessage, Label, RequiredAsterisk, ValidMessage } from '@atlaskit/form';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useRef, useState, type ChangeEvent, type ComponentProps } from 'react';
import { useRenderHost, type NodeProps } from '../context';
import { callApp, serialiseEvent } from '../events';
import { bool, fn, num, str, type Props } from '../props';

/**
 * The app answers each keystroke asynchronously (onChange → app state → next commit), so
 * a controlled input fed straight from props would drop characters typed meanwhile. The
 * field keeps its own value, remembers what it sent, and only adopts a `value` prop that
 * is not an echo of its own input (e.g. the app clearing the field).
 */
function useEchoSafeValue(props: Props): [string, (next: string) => void] {
  const propValue =
    str(props, 'value') ?? (num(props, 'value') !== undefined ? String(num(props, 'value')) : undefined);
  const [local, setLocal] = useState(propValue ?? str(props, 'defaultValue') ?? '');
  const seen = useRef(propValue);
  const sent = useRef<string[]>([]);
  if (propValue !== seen.current) {
    seen.current = propValue;
    const echo = propValue === undefined ? -1 : sent.current.indexOf(propValue);
    if (echo >= 0) {
      sent.current.splice(0, echo + 1);
    } else if (propValue !== undefined && propValue !== local) {
      sent.current = [];
      setLocal(propValue);
    }
  }
  const change = (next: string) => {
    sent.current.push(next);
    setLocal(next);
  };
  return [local, change];
}

function fieldProps(props: Props) {
  const id = str(props, 'id');
  const name = str(props, 'name');
  const placeholder = str(props, 'placeholder');
  const testId = str(props, 'testId');
  return {
    ...(id ? { id } : {}),
    ...(name ? { name } : {}),
    ...(placeholder ? { placeholder } : {}),
    ...(testId ? { testId } : {}),
    isDisabled: bool(props, 'isDisabled'),
    isInvalid: bool(props, 'isInvalid'),
    isRequired: bool(props, 'isRequired'),
    isReadOnly: bool(props, 'isReadOnly'),
    autoFocus: bool(props, 'autoFocus'),
  };
}

type TextfieldType = ComponentProps<typeof Textfield>['type'];
const INPUT_TYPES = new Set(['text', 'password', 'number', 'email', 'search', 'tel', 'url']);

export function TextfieldNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const [value, setValue] = useEchoSafeValue(props);
  const type = str(props, 'type');
  const maxLength = num(props, 'maxLength');
  return (
    <Textfield
      {...fieldProps(props)}
      {...(type && INPUT_TYPES.has(type) ? { type: type as TextfieldType } : {})}
      {...(maxLength !== undefined ? { maxLength } : {})}
      isCompact={bool(props, 'isCompact')}
      value={value}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        setValue(event.currentTarget.value);
        callApp(host.reportError, fn(props, 'onChange'), serialiseEvent(event));
      }}
      onBlur={(event) => callApp(host.reportError, fn(props, 'onBlur'), serialiseEvent(event))}
      onFocus={(event) => callApp(host.reportError, fn(props, 'onFocus'), serialiseEvent(event))}
    />
  );
}

export function TextAreaNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const [value, setValue] = useEchoSafeValue(props);
  const id = str(props, 'id');
  const name = str(props, 'name');
  return (
    <textarea
      {...(id ? { id } : {})}
      {...(name ? { name } : {})}
      placeholder={str(props, 'placeholder')}
      disabled={bool(props, 'isDisabled')}
      readOnly={bool(props, 'isReadOnly')}
      rows={num(props, 'minimumRows') ?? 3}
      value={value}
      style={{
        width: '100%',
        boxSizing: 'border-box',
        font: 'inherit',
        padding: '6px 8px',
        borderRadius: 3,
        border: `2px solid ${token('color.border.input')}`,
        background: token('color.background.input'),
        resize: str(props, 'resize') === 'none' ? 'none' : 'vertical',
      }}
      onChange={(event) => {
        setValue(event.currentTarget.value);
        callApp(host.reportError, fn(props, 'onChange'), serialiseEvent(event));
      }}
      onBlur={(event) => callApp(host.reportError, fn(props, 'onBlur'), serialiseEvent(event))}
    />
  );
}

export function CheckboxNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const controlled = typeof props.isChecked === 'boolean';
  const [checked, setChecked] = useState(
    controlled ? props.isChecked === true : bool(props, 'defaultChecked'),
  );
  const shown = controlled ? props.isChecked === true : checked;
  const label = str(props, 'label');
  const value = str(props, 'value');
  const id = str(props, 'id');
  const name = str(props, 'name');
  return (
    <Checkbox
      {...(label ? { label } : {})}
      {...(value ? { value } : {})}
      {...(id ? { id } : {})}
      {...(name ? { name } : {})}
      isChecked={shown}
      isDisabled={bool(props, 'isDisabled')}
      onChange={(event) => {
        setChecked(event.currentTarget.checked);
        callApp(host.reportError, fn(props, 'onChange'), serialiseEvent(event));
      }}
    />
  );
}

/** UI Kit calls `onSubmit()` with no arguments; the app reads its values from its own state or useForm. */
export function FormNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        callApp(host.reportError, fn(props, 'onSubmit'));
      }}
    >
      {host.renderChildren(node.children)}
    </form>
  );
}

export function FormHeaderNode({ node }: NodeProps) {
  const host = useRenderHost();
  const title = str(node.props, 'title');
  return (
    <div style={{ marginBottom: token('space.200', '16px') }}>
      {title ? <h3 style={{ margin: 0 }}>{title}</h3> : null}
      {host.renderChildren(node.children)}
    </div>
  );
}

export function FormSectionNode({ node }: NodeProps) {
  return (
    <div style={{ marginTop: token('space.100', '8px') }}>
      {useRenderHost().renderChildren(node.children)}
    </div>
  );
}

export function FormFooterNode({ node }: NodeProps) {
  const align = str(node.props, 'align') === 'start' ? 'flex-start' : 'flex-end';
  return (
    <div style={{ display: 'flex', justifyContent: align, gap: 8, marginTop: token('space.300', '24px') }}>
      {useRenderHost().renderChildren(node.children)}
    </div>
  );
}

export function LabelNode({ node }: NodeProps) {
  const { props } = node;
  const id = str(props, 'id');
  return (
    <Label htmlFor={str(props, 'labelFor') ?? ''} {...(id ? { id } : {})}>
      {useRenderHost().renderChildren(node.children)}
    </Label>
  );
}

export function ErrorMessageNode({ node }: NodeProps) {
  return <ErrorMessage>{useRenderHost().renderChildren(node.children)}</ErrorMessage>;
}

export function HelperMessageNode({ node }: NodeProps) {
  return <HelperMessage>{useRenderHost().renderChildren(node.children)}</HelperMessage>;
}

export function ValidMessageNode({ node }: NodeProps) {
  return <ValidMessage>{useRenderHost().renderChildren(node.children)}</ValidMessage>;
}

export function RequiredAsteriskNode() {
  return <RequiredAsterisk />;
}
