export { UiKitRenderer, COMPONENTS, type UiKitRendererProps } from './Renderer';
export { SUPPORTED_TYPES, isSupported, type SupportedType } from './supported';
export { snapshotForgeDoc, textOf, ForgeDocError, type ForgeDoc } from './forgeDoc';
export { serialiseEvent, callApp, type SerialisableEvent, type AppErrorReporter } from './events';
