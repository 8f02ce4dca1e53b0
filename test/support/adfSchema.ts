/**
 * Validates ADF against Atlassian's published JSON schema
 * (@atlaskit/adf-schema dist/json-schema/v1/full.json, the one the ADF docs link to:
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/#json-schema),
 * plus the rules Jira's editor schema enforces that JSON schema cannot express.
 *
 * Ajv setup, found by trial: the file declares draft-04, whose meta-schema Ajv 8 does not
 * ship, but it only uses keywords with the same meaning in Ajv's default draft-07, so the
 * `$schema` line is dropped; `strictTuples: false` silences the warnings about its
 * two-item `items` tuples. No formats are used, so ajv-formats is not needed.
 */
import Ajv from 'ajv';
import fullSchema from '@atlaskit/adf-schema/dist/json-schema/v1/full.json';
import { MAX_LIST_DEPTH } from '../../src/jira/adf/nodes';

const { $schema: _draft04, ...schema } = fullSchema as Record<string, unknown>;
const validate = new Ajv({ strictTuples: false, allErrors: false }).compile(schema);

interface Node {
  type?: unknown;
  text?: unknown;
  marks?: { type: string }[];
  content?: Node[];
}

/** Problems a document has; empty when Jira would accept it. */
export function adfProblems(doc: unknown): string[] {
  if (!validate(doc)) {
    return [`schema: ${JSON.stringify(validate.errors?.slice(0, 3)).slice(0, 600)}`];
  }
  const problems: string[] = [];
  // Iterative: the documents under test may be large, and this must not be what overflows.
  const stack: { node: Node; listDepth: number }[] = [{ node: doc as Node, listDepth: 0 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, listDepth } = entry;
    const marks = (node.marks ?? []).map((m) => m.type);
    if (new Set(marks).size !== marks.length) problems.push(`duplicate marks ${marks.join(',')}`);
    if (node.type === 'listItem') {
      const first = node.content?.[0]?.type;
      if (first !== 'paragraph' && first !== 'codeBlock')
        problems.push(`listItem starts with ${String(first)}`);
    }
    const isList = node.type === 'bulletList' || node.type === 'orderedList';
    for (const child of node.content ?? [])
      stack.push({ node: child, listDepth: listDepth + (isList ? 1 : 0) });
    if (isList && listDepth + 1 > MAX_LIST_DEPTH) problems.push(`list nested ${listDepth + 1} deep`);
  }
  return problems;
}
