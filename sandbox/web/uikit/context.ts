/** What every rendered component needs from the host: how to render children and where app errors go. */
import { createContext, useContext, type ReactNode } from 'react';
import type { AppErrorReporter } from './events';
import type { ForgeDoc } from './forgeDoc';

export interface RenderHost {
  renderChildren: (nodes: ForgeDoc[]) => ReactNode;
  reportError: AppErrorReporter;
  /** Where a (safe) link of the app really goes in this host; identity unless the host maps it. */
  resolveHref: (href: string) => string;
}

export const RenderHostContext = createContext<RenderHost | null>(null);

export function useRenderHost(): RenderHost {
  const host = useContext(RenderHostContext);
  if (host === null) throw new Error('UI Kit components must be rendered inside <UiKitRenderer>');
  return host;
}

/** Props every component renderer receives. */
export interface NodeProps {
  node: ForgeDoc;
}
