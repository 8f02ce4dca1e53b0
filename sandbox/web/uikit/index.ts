export { UiKitRenderer, COMPONENTS, isSupported, type UiKitRendererProps } from './Renderer';
export { snapshotForgeDoc, textOf, ForgeDocError, type ForgeDoc } from './forgeDoc';
export { serialiseEvent, callApp, type SerialisableEvent, type AppErrorReporter } from './events';
