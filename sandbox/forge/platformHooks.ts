/**
 * The process-wide hooks the unmodified Forge SDKs call into: `globalThis.__forge_runtime__`,
 * `globalThis.__forge_fetch__` and a guarded `globalThis.fetch`. They are installed once per
 * process (kept under a global symbol so a second copy of this module reuses them) and delegate
 * to the emulator that owns the current invocation, found through AsyncLocalStorage.
 *
 * Why fetch is wrapped at import time: @forge/api evaluates `fetch` once when it is first loaded
 * (out/api/fetch.js `getFetchAPI()` wraps the global it sees then), so the guard has to be in
 * place before @forge/api loads or `api.fetch` would bypass the egress check entirely.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

/** What the hooks need from an emulator; implemented by the emulator core. */
export interface PlatformOwner {
  runtimeFor(invocation: InvocationHandle | undefined): unknown;
  forgeFetch(
    invocation: InvocationHandle | undefined,
    descriptor: unknown,
    path: string,
    init: RequestInit | undefined,
  ): Promise<Response>;
  egressFetch(
    invocation: InvocationHandle,
    input: RequestInfo | URL,
    init: RequestInit | undefined,
  ): Promise<Response>;
}

/** The per-invocation value stored in AsyncLocalStorage; the owner keeps the real state. */
export interface InvocationHandle {
  readonly owner: PlatformOwner;
  readonly id: string;
}

interface Hooks {
  readonly als: AsyncLocalStorage<InvocationHandle>;
  readonly realFetch: typeof fetch;
  /** Emulator used for calls made outside any invocation (tests seeding storage, etc.). */
  active: PlatformOwner | undefined;
  /** True when @forge/api was already loaded, with the unguarded fetch, before the guard existed. */
  readonly forgeApiLoadedFirst: boolean;
}

const HOOKS_KEY = Symbol.for('zendesk-connector.forge-emulator.hooks.v1');

type GlobalWithHooks = typeof globalThis & { [HOOKS_KEY]?: Hooks };

function forgeApiAlreadyLoaded(): boolean {
  const cache = createRequire(import.meta.url).cache;
  return Object.keys(cache).some((p) => /[\\/]@forge[\\/]api[\\/]out[\\/]api[\\/]fetch\.js$/.test(p));
}

function install(): Hooks {
  const g = globalThis as GlobalWithHooks;
  const existing = g[HOOKS_KEY];
  if (existing) return existing;

  const realFetch = globalThis.fetch.bind(globalThis);
  const hooks: Hooks = {
    als: new AsyncLocalStorage<InvocationHandle>(),
    realFetch,
    active: undefined,
    forgeApiLoadedFirst: forgeApiAlreadyLoaded(),
  };

  const guardedFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const inv = hooks.als.getStore();
    // Outside an invocation (tests, simulators) fetch is the plain Node fetch.
    if (!inv) return realFetch(input, init);
    return inv.owner.egressFetch(inv, input, init);
  };
  Object.defineProperty(globalThis, 'fetch', {
    value: guardedFetch,
    writable: true,
    configurable: true,
    enumerable: true,
  });

  const ownerFor = (inv: InvocationHandle | undefined): PlatformOwner | undefined =>
    inv?.owner ?? hooks.active;

  Object.defineProperty(globalThis, '__forge_runtime__', {
    configurable: true,
    enumerable: false,
    get() {
      const inv = hooks.als.getStore();
      return ownerFor(inv)?.runtimeFor(inv);
    },
  });
  Object.defineProperty(globalThis, '__forge_fetch__', {
    configurable: true,
    enumerable: false,
    writable: false,
    value: (descriptor: unknown, path: string, init?: RequestInit): Promise<Response> => {
      const inv = hooks.als.getStore();
      const owner = ownerFor(inv);
      if (!owner)
        return Promise.reject(new Error('No Forge emulator is active: call createForgeEmulator() first'));
      return owner.forgeFetch(inv, descriptor, path, init);
    },
  });

  g[HOOKS_KEY] = hooks;
  return hooks;
}

export const hooks: Hooks = install();
