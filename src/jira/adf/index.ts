/**
 * Conversions between Zendesk comment text (plain `body` or `html_body`) and Atlassian
 * Document Format, one module per direction:
 * - htmlToAdf.ts: Zendesk `html_body` → ADF (Zendesk → Jira comments)
 * - textToAdf.ts: plain text → ADF (comments without HTML, descriptions, text fields)
 * - adfToText.ts: ADF → plain text (Jira → Zendesk comments, field values)
 * - nodes.ts / types.ts: the ADF shapes we write and their builders.
 * Every document produced validates against Atlassian's ADF JSON schema
 * (test/unit/jira/adf/*.test.ts) and no input depth can overflow the call stack.
 */
export { adfToText } from './adfToText';
export { htmlToAdf } from './htmlToAdf';
export { textToAdf } from './textToAdf';
export { emptyDoc, safeHref } from './nodes';
export { BLOCK as BLOCK_TAGS, DROPPED as DROPPED_TAGS } from './htmlTags';
export type * from './types';
