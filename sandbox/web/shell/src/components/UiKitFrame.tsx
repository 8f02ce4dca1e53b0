/**
 * Hosts a UI Kit app the way Jira hosts the issue panel: the app's code runs in a hidden
 * frame (e.g. panel-runtime.html) with its own `__bridge`; every commit's forgeDoc comes here
 * through `reconcile` and is rendered in this page by the UI Kit renderer, so modals cover
 * the page and events call straight back into the app's live handlers.
 */
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { z } from 'zod';
import { ForgeDocError, snapshotForgeDoc, UiKitRenderer, type ForgeDoc } from '../../../uikit';
import type { ExtensionContext } from '../../../protocol';
import { answerBridgeCall, type BridgeEnv } from '../bridge/hostCalls';
import { registerFrameHost } from '../bridge/frameLink';
import { useShell } from '../shellContext';
import { Loading } from './ui';

const reconcileSchema = z.object({ forgeDoc: z.unknown() });
const onErrorSchema = z.object({ error: z.unknown() }).partial();

/**
 * The simulated Zendesk account has no agent interface on the internet: its agent URLs
 * (https://{subdomain}.zendesk.com/agent/tickets/13) open the sandbox's Zendesk view instead.
 */
export function sandboxHref(href: string, subdomain: string): string {
  const url = new URL(href);
  if (url.hostname !== `${subdomain}.zendesk.com`) return href;
  const ticket = /^\/agent\/tickets\/(\d+)$/.exec(url.pathname);
  return ticket ? `/zendesk/tickets/${ticket[1]}` : '/zendesk';
}

function debugDocs(): Record<string, ForgeDoc> {
  const holder = window as unknown as { __sandboxForgeDocs?: Record<string, ForgeDoc> };
  holder.__sandboxForgeDocs ??= {};
  return holder.__sandboxForgeDocs;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

export interface UiKitFrameProps {
  /** The frame page that loads the app (panel-runtime.html, uikit-gallery-runtime.html). */
  src: string;
  extension: Extract<ExtensionContext, { type: 'jira:issuePanel' }>;
  /** Changing it starts a fresh app instance (another user, license or issue). */
  instance: string;
  testId: string;
}

export function UiKitFrame({ src, extension, instance, testId }: UiKitFrameProps) {
  const { session } = useShell();
  const subdomain = session.zendesk.subdomain;
  const resolveHref = useCallback((href: string) => sandboxHref(href, subdomain), [subdomain]);
  const [doc, setDoc] = useState<ForgeDoc | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const frameId = useMemo(() => `panel-${instance}-${Math.random().toString(36).slice(2, 10)}`, [instance]);
  const env = useMemo<BridgeEnv>(() => ({ module: 'panel', extension }), [extension]);

  const reportError = useCallback((error: unknown) => {
    console.error('[sandbox panel]', error);
    setErrors((current) => [...current.slice(-4), describe(error)]);
  }, []);

  // Registered before the frame's scripts can run (the frame also waits for it).
  useLayoutEffect(() => {
    setDoc(null);
    setErrors([]);
    return registerFrameHost(frameId, {
      callBridge: (name, payload) => {
        if (name === 'reconcile') {
          const parsed = reconcileSchema.safeParse(payload);
          try {
            if (!parsed.success) throw new ForgeDocError('reconcile without a forgeDoc');
            const snapshot = snapshotForgeDoc(parsed.data.forgeDoc);
            // For people debugging an app: the latest tree per frame, in the browser console.
            debugDocs()[frameId] = snapshot;
            setDoc(snapshot);
          } catch (error) {
            reportError(error);
          }
          return undefined;
        }
        if (name === 'onError') {
          reportError(onErrorSchema.safeParse(payload).data?.error ?? payload);
          return undefined;
        }
        return answerBridgeCall(env, name, payload);
      },
    });
  }, [frameId, env, reportError]);

  useEffect(() => () => setDoc(null), [frameId]);

  return (
    <div data-testid={testId} data-uikit-frame={frameId} style={{ minHeight: 40 }}>
      <iframe
        key={frameId}
        title="UI Kit app runtime"
        src={`${src}?frame=${encodeURIComponent(frameId)}`}
        style={{ display: 'none' }}
      />
      {doc === null ? (
        <Loading label="Loading the app" />
      ) : (
        <UiKitRenderer doc={doc} onAppError={reportError} resolveHref={resolveHref} />
      )}
      {errors.length > 0 ? (
        <div style={{ marginTop: token('space.100') }} data-testid="panel-errors">
          <SectionMessage appearance="error" title="The app reported an error">
            {errors.map((text, index) => (
              <p key={index}>{text}</p>
            ))}
          </SectionMessage>
        </div>
      ) : null}
    </div>
  );
}
