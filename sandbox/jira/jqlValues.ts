/**
 * What JQL clauses share: the error type, operands, date values (absolute, relative and the date
 * functions with their increment argument) and word matching for `~`.
 *
 * Date functions ([doc](https://support.atlassian.com/jira-software-cloud/docs/jql-functions/)):
 * `now()`, `startOfDay|Week|Month|Year([inc])`, `endOfDay|Week|Month|Year([inc])`; the optional
 * increment is `(+/-)nn(y|M|w|d|h|m)`, its unit defaulting to the function's own period
 * (`startOfDay(-1)` = yesterday 00:00). Weeks start on Sunday (Jira's default locale). Times are
 * read in UTC here, not the searching user's time zone.
 */
export class JqlError extends Error {}

export type Operand =
  { kind: 'value'; text: string } | { kind: 'function'; name: string; args: string[] } | { kind: 'empty' };

const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 } as const;
const RELATIVE = /^([-+]?)(\d+)([wdhm])$/;

export function parseJqlDate(text: string, now: Date, field: string): number {
  const relative = RELATIVE.exec(text.trim());
  if (relative !== null) {
    const sign = relative[1] === '-' ? -1 : 1;
    return now.getTime() + sign * Number(relative[2]) * UNIT_MS[relative[3] as keyof typeof UNIT_MS];
  }
  // Dates are read in UTC here; Jira reads them in the searching user's time zone.
  const absolute = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:\s+(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (absolute !== null) {
    const [, y, mo, d, h = '00', mi = '00'] = absolute;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  }
  throw new JqlError(
    `Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

type Period = 'Day' | 'Week' | 'Month' | 'Year';
const PERIOD_UNIT: Record<Period, string> = { Day: 'd', Week: 'w', Month: 'M', Year: 'y' };
const DATE_FUNCTION = /^(start|end)of(day|week|month|year)$/;

function shift(date: Date, amount: number, unit: string): Date {
  const d = new Date(date.getTime());
  if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + amount);
  else if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + amount);
  else d.setTime(d.getTime() + amount * UNIT_MS[unit as keyof typeof UNIT_MS]);
  return d;
}

function startOf(date: Date, period: Period): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  if (period === 'Week') d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  if (period === 'Month') d.setUTCDate(1);
  if (period === 'Year') d.setUTCMonth(0, 1);
  return d;
}

/** The instant a date function names, or undefined when `name` is no date function. */
export function dateFunction(name: string, args: readonly string[], now: Date): number | undefined {
  const lower = name.toLowerCase();
  if (lower === 'now') {
    if (args.length > 0)
      throw new JqlError(`Function 'now' expected 0 arguments but received ${args.length}.`);
    return now.getTime();
  }
  const m = DATE_FUNCTION.exec(lower);
  if (m === null) return undefined;
  const period = ((m[2] ?? 'day').charAt(0).toUpperCase() + (m[2] ?? 'day').slice(1)) as Period;
  if (args.length > 1)
    throw new JqlError(`Function '${name}' expected between 0 and 1 arguments but received ${args.length}.`);
  let base = now;
  const inc = args[0]?.trim();
  if (inc !== undefined && inc !== '') {
    const parsed = /^([-+]?)(\d+)([yMwdhm]?)$/.exec(inc);
    if (parsed === null)
      throw new JqlError(
        `Function '${name}' cannot accept the argument '${inc}'. The argument must be an increment such as '-1d'.`,
      ); // [unverified wording]
    const amount = (parsed[1] === '-' ? -1 : 1) * Number(parsed[2]);
    base = shift(now, amount, parsed[3] === '' || parsed[3] === undefined ? PERIOD_UNIT[period] : parsed[3]);
  }
  const start = startOf(base, period);
  if (m[1] === 'start') return start.getTime();
  return shift(start, 1, PERIOD_UNIT[period]).getTime() - 1;
}

/** Word match like Jira's text search, without its stemming or phrase order: each term is a word; `term*` is a prefix. */
export function matchesText(haystack: string, needle: string): boolean {
  const words = haystack
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  // Terms are split like the text: "ZD-4711" asks for the words "zd" and "4711".
  const terms = needle
    .toLowerCase()
    .split(/[^\p{L}\p{N}*]+/u)
    .filter((t) => t.length > 0 && t !== '*');
  return terms.every((term) =>
    term.endsWith('*') ? words.some((w) => w.startsWith(term.slice(0, -1))) : words.includes(term),
  );
}

export const notExist = (value: string, field: string): JqlError =>
  new JqlError(`The value '${value}' does not exist for the field '${field}'.`);

export type JqlValue = string | number | null;

/**
 * Applies a clause operator: `=`/IN/IS match any wanted value, IS NOT none of them, `!=`/NOT IN
 * none and never an empty value (as Jira), the order operators compare numbers.
 */
export function applyOperator(
  op: string,
  wanted: readonly JqlValue[],
  actual: JqlValue | string[],
  has: (value: JqlValue) => boolean,
): boolean {
  switch (op) {
    case '=':
    case 'in':
    case 'is':
      return wanted.some(has);
    case 'is not':
      return !wanted.some(has);
    case '!=':
    case 'not in': {
      const empty = actual === null || (Array.isArray(actual) && actual.length === 0);
      return !empty && !wanted.some(has);
    }
    default: {
      const value = wanted[0];
      if (typeof actual !== 'number' || typeof value !== 'number') return false;
      if (op === '>') return actual > value;
      if (op === '>=') return actual >= value;
      if (op === '<') return actual < value;
      return actual <= value;
    }
  }
}
