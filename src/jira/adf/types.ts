/**
 * The subset of Atlassian Document Format the connector writes (structure:
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure).
 *
 * Narrow on purpose. Leaf shapes are checked against Atlassian's own type definitions from
 * @atlaskit/adf-schema at compile time (`AdfConformance`; a type-only import, so nothing from
 * that package reaches the bundle). Containers are looser here than there (the official
 * types encode "a list item starts with a paragraph" as tuples), so whole documents are
 * checked against the official JSON schema by the tests in test/unit/jira/adf/.
 */
import type {
  CodeBlockDefinition,
  HardBreakDefinition,
  HeadingDefinition,
  ParagraphDefinition,
  RuleDefinition,
  TextDefinition,
} from '@atlaskit/adf-schema';

/** Marks that combine freely with each other. */
export type AdfFormatMark =
  | { type: 'strong' }
  | { type: 'em' }
  | { type: 'strike' }
  | { type: 'underline' }
  | { type: 'link'; attrs: { href: string } };
/** ADF lets `code` share a text node with `link` only. */
export type AdfCodeMark = { type: 'code' } | { type: 'link'; attrs: { href: string } };
export type AdfMark = AdfFormatMark | AdfCodeMark;

export interface AdfFormattedText {
  type: 'text';
  text: string;
  marks?: AdfFormatMark[];
}
export interface AdfCodeText {
  type: 'text';
  text: string;
  marks: AdfCodeMark[];
}
export type AdfText = AdfFormattedText | AdfCodeText;
export interface AdfHardBreak {
  type: 'hardBreak';
}
export type AdfInline = AdfText | AdfHardBreak;

export interface AdfParagraph {
  type: 'paragraph';
  content: AdfInline[];
}
export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;
export interface AdfHeading {
  type: 'heading';
  attrs: { level: HeadingLevel };
  content: AdfInline[];
}
export interface AdfListItem {
  type: 'listItem';
  content: AdfBlock[];
}
export interface AdfBulletList {
  type: 'bulletList';
  content: AdfListItem[];
}
export interface AdfOrderedList {
  type: 'orderedList';
  attrs?: { order: number };
  content: AdfListItem[];
}
export type AdfList = AdfBulletList | AdfOrderedList;
export interface AdfBlockquote {
  type: 'blockquote';
  content: AdfBlock[];
}
/** Code block text never carries marks (the schema's `text_with_no_marks_node`). */
export interface AdfCodeBlock {
  type: 'codeBlock';
  content: { type: 'text'; text: string }[];
}
export interface AdfRule {
  type: 'rule';
}
export type AdfBlock =
  AdfParagraph | AdfHeading | AdfBulletList | AdfOrderedList | AdfBlockquote | AdfCodeBlock | AdfRule;

export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfBlock[];
}

// Fails to compile when one of our shapes stops being a legal instance of the official one.
type Check<T extends true> = T;
type Conforms<Ours, Official> = [Ours] extends [Official] ? true : false;
export type AdfConformance = [
  Check<Conforms<AdfText, TextDefinition>>,
  Check<Conforms<AdfHardBreak, HardBreakDefinition>>,
  Check<Conforms<AdfParagraph, ParagraphDefinition>>,
  Check<Conforms<AdfHeading, HeadingDefinition>>,
  Check<Conforms<AdfRule, RuleDefinition>>,
  Check<Conforms<AdfCodeBlock, CodeBlockDefinition>>,
];
