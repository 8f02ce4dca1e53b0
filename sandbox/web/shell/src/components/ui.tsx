/** Small building blocks the shell's views share. */
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { CSSProperties, MouseEvent, ReactNode } from 'react';
import { hrefOf, navigate, type Route } from '../router';

export function NavLink({
  to,
  children,
  testId,
  style,
}: {
  to: Route;
  children: ReactNode;
  testId?: string;
  style?: CSSProperties;
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a
      href={hrefOf(to)}
      onClick={onClick}
      data-testid={testId}
      style={{ color: token('color.link'), ...style }}
    >
      {children}
    </a>
  );
}

export function Page({
  title,
  actions,
  children,
  testId,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <main
      data-testid={testId}
      style={{ padding: `${token('space.300')} ${token('space.400')}`, maxWidth: 1280 }}
    >
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          marginBottom: token('space.200'),
        }}
      >
        <Heading size="large" as="h1">
          {title}
        </Heading>
        {actions ? <div style={{ display: 'flex', gap: 8 }}>{actions}</div> : null}
      </div>
      {children}
    </main>
  );
}

export function Panel({
  title,
  children,
  testId,
  style,
}: {
  title?: ReactNode;
  children: ReactNode;
  testId?: string;
  style?: CSSProperties;
}) {
  return (
    <section
      data-testid={testId}
      style={{
        border: `1px solid ${token('color.border')}`,
        borderRadius: 6,
        padding: token('space.200'),
        background: token('elevation.surface'),
        marginBottom: token('space.200'),
        ...style,
      }}
    >
      {title ? (
        <div style={{ marginBottom: token('space.150') }}>
          <Heading size="small" as="h2">
            {title}
          </Heading>
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <div style={{ padding: token('space.200'), display: 'flex', gap: 8, alignItems: 'center' }}>
      <Spinner size="medium" label={label} />
      <span style={{ color: token('color.text.subtle') }}>{label}</span>
    </div>
  );
}

export function ErrorMessage({ title, error }: { title: string; error: string }) {
  return (
    <SectionMessage appearance="error" title={title}>
      <p>{error}</p>
    </SectionMessage>
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return <span style={{ color: token('color.text.subtle'), fontSize: 12 }}>{children}</span>;
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export const nativeControlStyle: CSSProperties = {
  font: 'inherit',
  fontSize: 14,
  padding: '4px 8px',
  borderRadius: 3,
  border: `1px solid ${token('color.border.input')}`,
  background: token('color.background.input'),
  color: token('color.text'),
};

/** A native select over fixed string choices, each shown as its own value; `blank` adds a leading empty choice. */
export function ChoiceSelect({
  testId,
  value,
  choices,
  blank,
  onChange,
}: {
  testId: string;
  value: string;
  choices: readonly string[];
  blank?: string;
  onChange: (value: string) => void;
}) {
  return (
    <select
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      style={nativeControlStyle}
    >
      {blank !== undefined && <option value="">{blank}</option>}
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {choice}
        </option>
      ))}
    </select>
  );
}
