/**
 * The UI Kit component types the sandbox renderer draws. Kept apart from the renderer (which
 * pulls in Atlaskit) so Node-side checks can read it; Renderer.tsx's map must cover exactly
 * these types, which TypeScript enforces.
 */
export const SUPPORTED_TYPES = [
  'Root',
  'String',
  'Box',
  'Stack',
  'Inline',
  'Text',
  'Heading',
  'Strong',
  'Em',
  'Strike',
  'Link',
  'Button',
  'LoadingButton',
  'LinkButton',
  'ButtonGroup',
  'Lozenge',
  'Badge',
  'SectionMessage',
  'SectionMessageAction',
  'Spinner',
  'EmptyState',
  'Tooltip',
  'Tag',
  'TagGroup',
  'Code',
  'CodeBlock',
  'List',
  'ListItem',
  'Form',
  'FormHeader',
  'FormSection',
  'FormFooter',
  'Label',
  'Textfield',
  'TextArea',
  'Checkbox',
  'ErrorMessage',
  'HelperMessage',
  'ValidMessage',
  'RequiredAsterisk',
  'Modal',
  'ModalTransition',
  'ModalHeader',
  'ModalTitle',
  'ModalBody',
  'ModalFooter',
  'DynamicTable',
] as const;

export type SupportedType = (typeof SUPPORTED_TYPES)[number];

export function isSupported(type: string): type is SupportedType {
  return (SUPPORTED_TYPES as readonly string[]).includes(type);
}
