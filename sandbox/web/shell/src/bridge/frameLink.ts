/**
 * The link between the host page and the hidden frame that runs the panel's UI Kit code.
 * Both are same-origin, so the frame finds its host object on `window.parent` by frame id
 * and calls it directly: the forgeDoc crosses as a live object, functions included, which
 * is what lets the host's event handlers call the app's closures.
 */
export interface FrameHost {
  callBridge(name: string, payload: unknown): unknown;
}

type HostRegistry = Record<string, FrameHost>;

interface WithRegistry {
  __sandboxPanelHosts?: HostRegistry;
}

function registry(win: Window): HostRegistry {
  const holder = win as unknown as WithRegistry;
  holder.__sandboxPanelHosts ??= {};
  return holder.__sandboxPanelHosts;
}

export function registerFrameHost(frameId: string, host: FrameHost): () => void {
  const hosts = registry(window);
  hosts[frameId] = host;
  return () => {
    if (hosts[frameId] === host) delete hosts[frameId];
  };
}

/** Called in the frame: the host registers before or just after the frame starts, so wait briefly. */
export function findFrameHost(frameId: string, timeoutMs = 10_000): Promise<FrameHost> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const look = () => {
      const host = window.parent === window ? undefined : registry(window.parent)[frameId];
      if (host) {
        resolve(host);
      } else if (Date.now() - started > timeoutMs) {
        reject(new Error(`No sandbox host registered for panel frame '${frameId}'`));
      } else {
        setTimeout(look, 20);
      }
    };
    look();
  });
}

export interface BridgeObject {
  callBridge: (name: string, payload?: unknown) => Promise<unknown>;
}

/** @forge/bridge and @forge/react read `globalThis.__bridge` (and `self.__bridge`) at import time. */
export function installBridge(bridge: BridgeObject): void {
  (globalThis as unknown as { __bridge?: BridgeObject }).__bridge = bridge;
}

/** Answers are re-created in the frame so app code never holds objects of the host's realm. */
function ownCopy(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** In a UI Kit frame: a `__bridge` that forwards every call to the host registered for `?frame=`. */
export function connectFrameBridge(): void {
  const frameId = new URL(window.location.href).searchParams.get('frame') ?? '';
  const host = findFrameHost(frameId);
  installBridge({
    callBridge: async (name, payload) => ownCopy(await (await host).callBridge(name, payload)),
  });
}
