/**
 * A bounded subset of JQL for `/rest/api/3/search/jql`:
 *   clauses on project, key/issuekey/issue/id, status, statusCategory, issuetype/type,
 *   summary (~), labels, priority, assignee, reporter, resolution, created, updated;
 *   operators = != ~ !~ > >= < <= IN, NOT IN, IS [NOT] EMPTY|NULL; AND, OR, NOT, parentheses;
 *   ORDER BY key|id|created|updated|priority|status|summary|project [ASC|DESC].
 * Errors use Jira's wording where known; anything outside the subset is a 400, so a
 * client never silently gets a different result than Jira would give.
 */
import { extraClause } from './jqlFields.js';
import {
  applyOperator,
  dateFunction,
  JqlError,
  matchesText,
  notExist,
  parseJqlDate,
  type Operand,
} from './jqlValues.js';
import type { JiraState } from './state.js';
import type { IssueRecord } from './types.js';

export { JqlError } from './jqlValues.js';
export type { Operand } from './jqlValues.js';

type Token =
  { t: 'word'; v: string; quoted: boolean } | { t: 'op'; v: string } | { t: 'punct'; v: '(' | ')' | ',' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: 'punct', v: c });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < input.length && input[j] !== c) {
        if (input[j] === '\\' && j + 1 < input.length) j++;
        text += input[j] ?? '';
        j++;
      }
      if (j >= input.length)
        throw new JqlError(`Error in the JQL Query: The quoted string '${text}' has not been completed.`);
      tokens.push({ t: 'word', v: text, quoted: true });
      i = j + 1;
    } else if (/[!=<>~]/.test(c)) {
      const two = input.slice(i, i + 2);
      const op = ['!=', '>=', '<=', '!~'].includes(two) ? two : c;
      if (op === '!')
        throw new JqlError(`Error in the JQL Query: The character '!' is a reserved JQL character.`);
      tokens.push({ t: 'op', v: op });
      i += op.length;
    } else {
      let j = i;
      while (j < input.length && !/[\s(),"'!=<>~]/.test(input[j] ?? '')) j++;
      tokens.push({ t: 'word', v: input.slice(i, j), quoted: false });
      i = j;
    }
  }
  return tokens;
}

export type Expr =
  | { kind: 'and'; items: Expr[] }
  | { kind: 'or'; items: Expr[] }
  | { kind: 'not'; item: Expr }
  | { kind: 'clause'; field: string; op: string; values: Operand[] };

export interface SortKey {
  field: string;
  descending: boolean;
}

export interface JqlQuery {
  where: Expr | null;
  orderBy: SortKey[];
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'empty', 'null', 'order', 'by', 'asc', 'desc']);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.tokens[this.pos + offset];
    return token?.t === 'word' && !token.quoted && token.v.toLowerCase() === word;
  }

  private next(): Token {
    const token = this.tokens[this.pos++];
    if (token === undefined)
      throw new JqlError('Error in the JQL Query: Expecting more input at the end of the query.');
    return token;
  }

  parse(): JqlQuery {
    let where: Expr | null = null;
    if (this.peek() !== undefined && !(this.isWord('order') && this.isWord('by', 1))) where = this.or();
    const orderBy: SortKey[] = [];
    if (this.isWord('order')) {
      this.pos++;
      if (!this.isWord('by')) throw new JqlError("Error in the JQL Query: Expecting 'by' after 'order'.");
      this.pos++;
      do {
        const field = this.next();
        if (field.t !== 'word')
          throw new JqlError('Error in the JQL Query: Expecting a field name in the ORDER BY clause.');
        let descending = false;
        if (this.isWord('asc') || this.isWord('desc')) descending = this.next().v.toLowerCase() === 'desc';
        orderBy.push({ field: field.v, descending });
        if (orderBy.length > 7) throw new JqlError('The ORDER BY clause can contain a maximum of 7 fields.');
      } while (this.peek()?.t === 'punct' && this.peek()?.v === ',' && this.next());
    }
    const rest = this.peek();
    if (rest !== undefined)
      throw new JqlError(`Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${rest.v}'.`);
    return { where, orderBy };
  }

  private or(): Expr {
    const items = [this.and()];
    while (this.isWord('or')) {
      this.pos++;
      items.push(this.and());
    }
    return items.length === 1 && items[0] !== undefined ? items[0] : { kind: 'or', items };
  }

  private and(): Expr {
    const items = [this.unary()];
    while (this.isWord('and')) {
      this.pos++;
      items.push(this.unary());
    }
    return items.length === 1 && items[0] !== undefined ? items[0] : { kind: 'and', items };
  }

  private unary(): Expr {
    if (this.isWord('not')) {
      this.pos++;
      return { kind: 'not', item: this.unary() };
    }
    const token = this.peek();
    if (token?.t === 'punct' && token.v === '(') {
      this.pos++;
      const inner = this.or();
      const close = this.next();
      if (close.t !== 'punct' || close.v !== ')')
        throw new JqlError("Error in the JQL Query: Expecting ')'.");
      return inner;
    }
    return this.clause();
  }

  private operand(): Operand {
    const token = this.next();
    if (token.t !== 'word')
      throw new JqlError(`Error in the JQL Query: Expecting a value but got '${token.v}'.`);
    if (!token.quoted && (token.v.toLowerCase() === 'empty' || token.v.toLowerCase() === 'null'))
      return { kind: 'empty' };
    const open = this.peek();
    if (!token.quoted && open?.t === 'punct' && open.v === '(') {
      this.pos++;
      const args: string[] = [];
      for (;;) {
        const arg = this.next();
        if (arg.t === 'punct' && arg.v === ')') break;
        if (arg.t === 'punct' && arg.v === ',' && args.length > 0) continue;
        if (arg.t !== 'word')
          throw new JqlError(`Error in the JQL Query: Expecting a function argument but got '${arg.v}'.`);
        args.push(arg.v);
      }
      return { kind: 'function', name: token.v.toLowerCase(), args };
    }
    if (!token.quoted && KEYWORDS.has(token.v.toLowerCase())) {
      throw new JqlError(
        `Error in the JQL Query: '${token.v}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`,
      );
    }
    return { kind: 'value', text: token.v };
  }

  private clause(): Expr {
    const field = this.next();
    if (field.t !== 'word')
      throw new JqlError(`Error in the JQL Query: Expecting a field name but got '${field.v}'.`);
    let op: string;
    const token = this.next();
    if (token.t === 'op') op = token.v;
    else if (token.t === 'word' && token.v.toLowerCase() === 'in') op = 'in';
    else if (token.t === 'word' && token.v.toLowerCase() === 'not' && this.isWord('in')) {
      this.pos++;
      op = 'not in';
    } else if (token.t === 'word' && token.v.toLowerCase() === 'is') {
      op = 'is';
      if (this.isWord('not')) {
        this.pos++;
        op = 'is not';
      }
    } else {
      throw new JqlError(`Error in the JQL Query: Expecting operator but got '${token.v}'.`);
    }
    let values: Operand[];
    if (op === 'in' || op === 'not in') {
      const open = this.next();
      if (open.t !== 'punct' || open.v !== '(')
        throw new JqlError(`Error in the JQL Query: Expecting '(' after '${op}'.`);
      values = [this.operand()];
      while (this.peek()?.t === 'punct' && this.peek()?.v === ',') {
        this.pos++;
        values.push(this.operand());
      }
      const close = this.next();
      if (close.t !== 'punct' || close.v !== ')')
        throw new JqlError("Error in the JQL Query: Expecting ')'.");
    } else {
      values = [this.operand()];
      if ((op === 'is' || op === 'is not') && values[0]?.kind !== 'empty') {
        throw new JqlError(`The operator '${op.toUpperCase()}' only supports EMPTY or NULL.`);
      }
    }
    return { kind: 'clause', field: field.v, op, values };
  }
}

export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).parse();
}

// ---- evaluation -------------------------------------------------------------

export interface EvalContext {
  state: JiraState;
  viewerId: string;
  now: Date;
}

type FieldName =
  | 'project'
  | 'key'
  | 'id'
  | 'status'
  | 'statuscategory'
  | 'issuetype'
  | 'summary'
  | 'labels'
  | 'priority'
  | 'assignee'
  | 'reporter'
  | 'resolution'
  | 'created'
  | 'updated';

const FIELD_ALIASES: Record<string, FieldName> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  issue: 'key',
  id: 'id',
  status: 'status',
  statuscategory: 'statuscategory',
  issuetype: 'issuetype',
  type: 'issuetype',
  summary: 'summary',
  labels: 'labels',
  priority: 'priority',
  assignee: 'assignee',
  reporter: 'reporter',
  resolution: 'resolution',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
};

function fieldName(raw: string): FieldName {
  const name = FIELD_ALIASES[raw.toLowerCase()];
  if (name === undefined)
    throw new JqlError(`Field '${raw}' does not exist or you do not have permission to view it.`);
  return name;
}

const OPERATORS: Record<FieldName, string[]> = {
  project: ['=', '!=', 'in', 'not in'],
  key: ['=', '!=', 'in', 'not in', '>', '>=', '<', '<='],
  id: ['=', '!=', 'in', 'not in', '>', '>=', '<', '<='],
  status: ['=', '!=', 'in', 'not in'],
  statuscategory: ['=', '!=', 'in', 'not in'],
  issuetype: ['=', '!=', 'in', 'not in'],
  summary: ['~', '!~', 'is', 'is not'],
  labels: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  priority: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  assignee: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  reporter: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  resolution: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  created: ['=', '!=', '>', '>=', '<', '<='],
  updated: ['=', '!=', '>', '>=', '<', '<='],
};

/** Turns each operand into a comparable value for the field (validating it like Jira). */
function resolveOperand(
  ctx: EvalContext,
  field: FieldName,
  raw: string,
  operand: Operand,
): string | number | null {
  const { state } = ctx;
  if (operand.kind === 'empty') return null;
  if (operand.kind === 'function') {
    if (operand.name === 'currentuser' && (field === 'assignee' || field === 'reporter')) return ctx.viewerId;
    if (field === 'created' || field === 'updated') {
      const instant = dateFunction(operand.name, operand.args, ctx.now);
      if (instant !== undefined) return instant;
    }
    throw new JqlError(`Unable to find JQL function '${operand.name}()'.`);
  }
  const text = operand.text;
  switch (field) {
    case 'project': {
      const project =
        state.project(text) ??
        [...state.projects.values()].find((p) => p.name.toLowerCase() === text.toLowerCase());
      if (project === undefined || !state.canBrowse(ctx.viewerId, project)) throw notExist(text, raw);
      return project.id;
    }
    case 'key':
    case 'id': {
      if (/^\d+$/.test(text)) return Number(text);
      const issue = state.issue(text);
      if (issue === undefined || !state.canBrowse(ctx.viewerId, state.projectOf(issue))) {
        throw new JqlError(`An issue with key '${text}' does not exist for field '${raw}'.`);
      }
      return Number(issue.id);
    }
    case 'status': {
      const status = [...state.statuses.values()].find(
        (s) => s.id === text || s.name.toLowerCase() === text.toLowerCase(),
      );
      if (status === undefined) throw notExist(text, raw);
      return status.id;
    }
    case 'statuscategory': {
      const lower = text.toLowerCase();
      const category = state.statusCategories.find(
        (c) => String(c.id) === text || c.key === lower || c.name.toLowerCase() === lower,
      );
      if (category === undefined) throw notExist(text, raw);
      return category.id;
    }
    case 'issuetype': {
      const type = [...state.issueTypes.values()].find(
        (t) => t.id === text || t.name.toLowerCase() === text.toLowerCase(),
      );
      if (type === undefined) throw notExist(text, raw);
      return type.id;
    }
    case 'priority': {
      const priority = state.priorities.find(
        (p) => p.id === text || p.name.toLowerCase() === text.toLowerCase(),
      );
      if (priority === undefined) throw notExist(text, raw);
      return priority.id;
    }
    case 'resolution':
      if (text.toLowerCase() === 'unresolved') return null;
      if (text.toLowerCase() === 'done' || text === '10000') return '10000';
      throw notExist(text, raw);
    case 'assignee':
    case 'reporter':
      if (state.account(text) === undefined) throw notExist(text, raw);
      return text;
    case 'created':
    case 'updated':
      return parseJqlDate(text, ctx.now, raw);
    default:
      return text;
  }
}

function issueValue(
  ctx: EvalContext,
  issue: IssueRecord,
  field: FieldName,
): string | number | null | string[] {
  switch (field) {
    case 'project':
      return issue.projectId;
    case 'key':
    case 'id':
      return Number(issue.id);
    case 'status':
      return issue.statusId;
    case 'statuscategory':
      return ctx.state.status(issue.statusId).categoryId;
    case 'issuetype':
      return issue.issueTypeId;
    case 'summary':
      return String(issue.values.summary ?? '');
    case 'labels':
      return Array.isArray(issue.values.labels) ? (issue.values.labels as string[]) : [];
    case 'priority':
    case 'assignee':
    case 'reporter':
      return typeof issue.values[field] === 'string' ? (issue.values[field] as string) : null;
    case 'resolution':
      return issue.resolution?.id ?? null;
    case 'created':
      return issue.created.getTime();
    case 'updated':
      return issue.updated.getTime();
  }
}

/** Compiles the condition once (validating values) into a predicate over issues. */
export function compileWhere(ctx: EvalContext, expr: Expr): (issue: IssueRecord) => boolean {
  if (expr.kind === 'and') {
    const parts = expr.items.map((e) => compileWhere(ctx, e));
    return (issue) => parts.every((p) => p(issue));
  }
  if (expr.kind === 'or') {
    const parts = expr.items.map((e) => compileWhere(ctx, e));
    return (issue) => parts.some((p) => p(issue));
  }
  if (expr.kind === 'not') {
    const inner = compileWhere(ctx, expr.item);
    return (issue) => !inner(issue);
  }
  const extra = extraClause(ctx, expr);
  if (extra !== undefined) return extra;
  const field = fieldName(expr.field);
  if (!OPERATORS[field].includes(expr.op)) {
    throw new JqlError(
      `The operator '${expr.op.toUpperCase()}' is not supported by the '${expr.field}' field.`,
    );
  }
  if (field === 'summary') {
    if (expr.op === 'is' || expr.op === 'is not') {
      return (issue) => (String(issue.values.summary ?? '') === '') === (expr.op === 'is');
    }
    const needle = expr.values[0]?.kind === 'value' ? expr.values[0].text : '';
    const positive = expr.op === '~';
    return (issue) => matchesText(String(issue.values.summary ?? ''), needle) === positive;
  }
  const wanted = expr.values.map((operand) => resolveOperand(ctx, field, expr.field, operand));
  const op = expr.op;
  return (issue) => {
    const actual = issueValue(ctx, issue, field);
    const has = (value: string | number | null): boolean => {
      if (Array.isArray(actual)) return value === null ? actual.length === 0 : actual.includes(String(value));
      if (field === 'created' || field === 'updated') {
        // JQL dates have minute precision.
        return (
          typeof actual === 'number' &&
          typeof value === 'number' &&
          Math.floor(actual / 60_000) === Math.floor(value / 60_000)
        );
      }
      return actual === value || (actual !== null && value !== null && String(actual) === String(value));
    };
    return applyOperator(op, wanted, actual, has);
  };
}

const SORTABLE = new Set([
  'key',
  'issuekey',
  'id',
  'created',
  'updated',
  'priority',
  'status',
  'summary',
  'project',
]);

export function compileOrder(
  ctx: EvalContext,
  orderBy: SortKey[],
): (a: IssueRecord, b: IssueRecord) => number {
  const keys = orderBy.map((key) => {
    const name = key.field.toLowerCase();
    if (!SORTABLE.has(name)) {
      if (FIELD_ALIASES[name] === undefined)
        throw new JqlError(`Field '${key.field}' does not exist or you do not have permission to view it.`);
      throw new JqlError(`Field '${key.field}' does not support sorting.`);
    }
    return { name, descending: key.descending };
  });
  // Without ORDER BY: newest first (by id), deterministic for paging.
  if (keys.length === 0) keys.push({ name: 'id', descending: true });
  const value = (issue: IssueRecord, name: string): string | number => {
    switch (name) {
      case 'key':
      case 'issuekey': {
        const [project = '', num = '0'] = issue.key.split('-');
        return `${project.padEnd(10, ' ')}${num.padStart(10, '0')}`;
      }
      case 'id':
        return Number(issue.id);
      case 'created':
        return issue.created.getTime();
      case 'updated':
        return issue.updated.getTime();
      case 'priority':
        // Jira sorts priorities by their scheme order (Highest first ascending).
        return ctx.state.priorities.findIndex((p) => p.id === issue.values.priority);
      case 'status':
        return ctx.state.status(issue.statusId).name;
      case 'summary':
        return String(issue.values.summary ?? '').toLowerCase();
      default:
        return ctx.state.projectOf(issue).key;
    }
  };
  return (a, b) => {
    for (const key of keys) {
      const va = value(a, key.name);
      const vb = value(b, key.name);
      if (va === vb) continue;
      const cmp = va < vb ? -1 : 1;
      return key.descending ? -cmp : cmp;
    }
    return Number(a.id) - Number(b.id);
  };
}
