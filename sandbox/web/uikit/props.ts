/**
 * Typed reads of forgeDoc props. Props arrive as `unknown` from app code running in
 * another frame, so every component reads them through these guards and ignores a
 * value of the wrong type rather than passing it on to Atlaskit.
 */
export type Props = Record<string, unknown>;

export function str(props: Props, name: string): string | undefined {
  const value = props[name];
  return typeof value === 'string' ? value : undefined;
}

export function num(props: Props, name: string): number | undefined {
  const value = props[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(props: Props, name: string): boolean {
  return props[name] === true;
}

export function oneOf<T extends string>(props: Props, name: string, allowed: readonly T[]): T | undefined {
  const value = props[name];
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

/** An app callback: called with the host's event payload; its result (often a promise) is awaited for errors. */
export type AppCallback = (...args: unknown[]) => unknown;

export function fn(props: Props, name: string): AppCallback | undefined {
  const value = props[name];
  return typeof value === 'function' ? (value as AppCallback) : undefined;
}

/** A React element made in the app's frame (e.g. a ReactNode prop); the host cannot render it. */
export function isForeignElement(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '$$typeof' in value;
}
