/**
 * JQL clauses beyond the system-field table of jql.ts: text search and custom fields.
 *
 * - `text ~` searches the summary, description, environment, comments and every text custom
 *   field; `comment ~` the comment bodies; `description ~` / `environment ~` those fields
 *   ([doc](https://support.atlassian.com/jira-software-cloud/docs/jql-fields/): "Text", "Comment").
 *   Only `~` and `!~` (and IS [NOT] EMPTY for single fields); words as in jqlValues.ts.
 * - Custom fields are named `cf[10040]`, `customfield_10040` or by their name ("External
 *   reference"), as Jira accepts
 *   ([doc](https://support.atlassian.com/jira-software-cloud/docs/jql-fields/#Custom-field)).
 *   Operators by type: text and paragraph `~ !~ IS`; select `= != IN NOT IN IS` (by option
 *   value or id); number and date `= != > >= < <= IN NOT IN IS`; labels `= != IN NOT IN IS`.
 */
import { adfToText } from './adfValidate.js';
import type { EvalContext, Expr } from './jql.js';
import {
  applyOperator,
  dateFunction,
  JqlError,
  matchesText,
  notExist,
  parseJqlDate,
  type Operand,
} from './jqlValues.js';
import type { AdfDoc, FieldDef, IssueRecord } from './types.js';

type Clause = Extract<Expr, { kind: 'clause' }>;
type Predicate = (issue: IssueRecord) => boolean;

const OPERATORS: Record<FieldDef['kind'], string[]> = {
  summary: ['~', '!~', 'is', 'is not'],
  adf: ['~', '!~', 'is', 'is not'],
  text: ['~', '!~', 'is', 'is not'],
  option: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  number: ['=', '!=', '>', '>=', '<', '<=', 'in', 'not in', 'is', 'is not'],
  date: ['=', '!=', '>', '>=', '<', '<=', 'in', 'not in', 'is', 'is not'],
  labels: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  priority: [],
  user: [],
  readonly: [],
};

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'doc')
    return adfToText(value as AdfDoc);
  return '';
}

function commentsText(ctx: EvalContext, issue: IssueRecord): string {
  return issue.commentIds.map((id) => textOf(ctx.state.comments.get(id)?.body)).join('\n');
}

/** The custom field a clause names, by `cf[n]`, `customfield_n` or (case-insensitive) name. */
function customField(ctx: EvalContext, raw: string): FieldDef | undefined {
  const byNumber = /^(?:cf\[(\d+)\]|customfield_(\d+))$/i.exec(raw);
  if (byNumber !== null) {
    const field = ctx.state.field(`customfield_${byNumber[1] ?? byNumber[2] ?? ''}`);
    return field?.custom === true ? field : undefined;
  }
  const lower = raw.toLowerCase();
  return [...ctx.state.fields.values()].find((f) => f.custom && f.name.toLowerCase() === lower);
}

function unsupported(op: string, name: string): JqlError {
  return new JqlError(`The operator '${op.toUpperCase()}' is not supported by the '${name}' field.`);
}

function textPredicate(expr: Clause, textOfIssue: (issue: IssueRecord) => string): Predicate {
  if (expr.op === 'is' || expr.op === 'is not')
    return (issue) => (textOfIssue(issue) === '') === (expr.op === 'is');
  const needle = expr.values[0]?.kind === 'value' ? expr.values[0].text : '';
  if (needle.trim() === '') throw new JqlError(`The field '${expr.field}' requires a search term.`); // [unverified]
  const positive = expr.op === '~';
  return (issue) => matchesText(textOfIssue(issue), needle) === positive;
}

function operandValue(
  ctx: EvalContext,
  field: FieldDef,
  raw: string,
  operand: Operand,
): string | number | null {
  if (operand.kind === 'empty') return null;
  if (operand.kind === 'function') {
    const instant = field.kind === 'date' ? dateFunction(operand.name, operand.args, ctx.now) : undefined;
    if (instant === undefined) throw new JqlError(`Unable to find JQL function '${operand.name}()'.`);
    return Math.floor(instant / 86_400_000);
  }
  const text = operand.text;
  switch (field.kind) {
    case 'option': {
      const option = field.options?.find(
        (o) => o.id === text || o.value.toLowerCase() === text.toLowerCase(),
      );
      if (option === undefined) throw notExist(text, raw);
      return option.id;
    }
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw notExist(text, raw);
      return n;
    }
    case 'date':
      return Math.floor(parseJqlDate(text, ctx.now, raw) / 86_400_000);
    default:
      return text;
  }
}

/** The issue's value as compared: option id, number, day number (dates), label list. */
function issueValue(field: FieldDef, issue: IssueRecord): string | number | null | string[] {
  const value = issue.values[field.id];
  if (value === undefined || value === null) return field.kind === 'labels' ? [] : null;
  if (field.kind === 'labels') return Array.isArray(value) ? value.map(String) : [];
  if (field.kind === 'date' && typeof value === 'string')
    return Math.floor(Date.parse(`${value}T00:00:00Z`) / 86_400_000);
  return typeof value === 'number' ? value : String(value);
}

function valuePredicate(ctx: EvalContext, field: FieldDef, expr: Clause): Predicate {
  const wanted = expr.values.map((o) => operandValue(ctx, field, expr.field, o));
  return (issue) => {
    const actual = issueValue(field, issue);
    const empty = actual === null || (Array.isArray(actual) && actual.length === 0);
    const has = (w: string | number | null): boolean =>
      w === null ? empty : Array.isArray(actual) ? actual.includes(String(w)) : actual === w;
    return applyOperator(expr.op, wanted, actual, has);
  };
}

/** A predicate for clauses this module knows; undefined leaves the clause to jql.ts. */
export function extraClause(ctx: EvalContext, expr: Clause): Predicate | undefined {
  const name = expr.field.toLowerCase();
  const textOnly = (op: string) => {
    if (op !== '~' && op !== '!~') throw unsupported(op, expr.field);
  };
  if (name === 'text') {
    textOnly(expr.op);
    const textFields = [...ctx.state.fields.values()].filter(
      (f) => f.kind === 'adf' || f.kind === 'text' || f.kind === 'summary',
    );
    return textPredicate(expr, (issue) =>
      [...textFields.map((f) => textOf(issue.values[f.id])), commentsText(ctx, issue)].join('\n'),
    );
  }
  if (name === 'comment') {
    textOnly(expr.op);
    return textPredicate(expr, (issue) => commentsText(ctx, issue));
  }
  if (name === 'description' || name === 'environment') {
    if (!OPERATORS.adf.includes(expr.op)) throw unsupported(expr.op, expr.field);
    return textPredicate(expr, (issue) => textOf(issue.values[name]));
  }
  const field = customField(ctx, expr.field);
  if (field === undefined) return undefined;
  if (!OPERATORS[field.kind].includes(expr.op)) throw unsupported(expr.op, expr.field);
  if (field.kind === 'adf' || field.kind === 'text')
    return textPredicate(expr, (issue) => textOf(issue.values[field.id]));
  return valuePredicate(ctx, field, expr);
}
