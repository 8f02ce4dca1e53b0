/**
 * JQL on custom fields (`cf[n]`, `customfield_n`, by name), `text ~`, `comment ~`,
 * `description ~`, and date functions with arguments (`startOfDay(-1d)`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adf, useJiraSim } from './support/setup.js';

const t = useJiraSim({ seed: false });

const q = (jql: string): string =>
  `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=summary&maxResults=100`;

async function keysOf(jql: string): Promise<string[]> {
  const res = await t.agent.get(q(jql));
  expect(res.status, `${jql}: ${res.text}`).toBe(200);
  return res
    .json<{ issues: { key: string }[] }>()
    .issues.map((i) => i.key)
    .sort();
}

async function refusal(jql: string): Promise<string> {
  const res = await t.agent.get(q(jql));
  expect(res.status, jql).toBe(400);
  return res.json<{ errorMessages: string[] }>().errorMessages[0] ?? '';
}

let keys: string[] = [];

beforeAll(async () => {
  const bug = { project: { key: 'SUP' }, issuetype: { id: '10002' } };
  const task = { project: { key: 'SUP' }, issuetype: { id: '10001' } };
  const make = async (fields: Record<string, unknown>, type = bug) => {
    const res = await t.agent.post('/rest/api/3/issue', { fields: { ...type, ...fields } });
    expect(res.status, res.text).toBe(201);
    return res.json<{ key: string }>().key;
  };
  keys = [
    await make({
      summary: 'Printer jams',
      customfield_10040: 'ZD-4711 escalated',
      customfield_10041: { value: 'High' },
      customfield_10042: 12,
      description: adf('The tray rattles loudly'),
    }),
    await make({ summary: 'Login fails', customfield_10041: { value: 'Low' }, customfield_10042: 3 }),
    await make(
      { summary: 'Renew licence', customfield_10043: '2026-01-15', customfield_10044: ['vip'] },
      task,
    ),
  ];
  const comment = await t.agent.post(`/rest/api/3/issue/${keys[1] ?? ''}/comment`, {
    body: adf('Customer mentions fjord banking'),
  });
  expect(comment.status).toBe(201);
});

describe('custom fields', () => {
  it('text fields by cf[n], customfield_n and name', async () => {
    const [first] = keys;
    expect(await keysOf('cf[10040] ~ "ZD-4711"')).toEqual([first]);
    expect(await keysOf('customfield_10040 ~ escalated')).toEqual([first]);
    expect(await keysOf('"External reference" ~ escal*')).toEqual([first]);
    expect(await keysOf('project = SUP AND cf[10040] IS EMPTY')).toEqual([keys[1], keys[2]].sort());
    expect(await refusal('cf[10040] = "ZD-4711"')).toBe(
      "The operator '=' is not supported by the 'cf[10040]' field.",
    );
  });

  it('select, number, date and labels fields', async () => {
    const [first, second, third] = keys;
    expect(await keysOf('"Customer impact" = High')).toEqual([first]);
    expect(await keysOf('cf[10041] in (Low, High)')).toEqual([first, second]);
    expect(await keysOf('customfield_10042 > 5')).toEqual([first]);
    expect(await keysOf('cf[10042] <= 3')).toEqual([second]);
    expect(await keysOf('cf[10043] >= "2026-01-01" AND cf[10043] < "2026-02-01"')).toEqual([third]);
    expect(await keysOf('"Support tags" = vip')).toEqual([third]);
    expect(await keysOf('project = SUP AND "Support tags" != vip')).toEqual([]);
    expect(await refusal('cf[10041] = Gigantic')).toBe(
      "The value 'Gigantic' does not exist for the field 'cf[10041]'.",
    );
    expect(await refusal('cf[10041] ~ High')).toMatch(/not supported/);
    expect(await refusal('cf[99999] = x')).toMatch(/does not exist/);
  });
});

describe('text search', () => {
  it('text ~ covers summary, description, custom text and comments; comment ~ only comments', async () => {
    const [first, second] = keys;
    expect(await keysOf('text ~ rattles')).toEqual([first]);
    expect(await keysOf('text ~ "ZD-4711"')).toEqual([first]);
    expect(await keysOf('text ~ fjord')).toEqual([second]);
    expect(await keysOf('comment ~ fjord')).toEqual([second]);
    expect(await keysOf('project = SUP AND comment ~ rattles')).toEqual([]);
    expect(await keysOf('description ~ tray')).toEqual([first]);
    expect(await keysOf('project = SUP AND text !~ fjord')).toEqual([first, keys[2]].sort());
    expect(await refusal('comment = fjord')).toBe(
      "The operator '=' is not supported by the 'comment' field.",
    );
  });
});

describe('date functions with arguments', () => {
  it('startOfDay(-1d), endOfDay(), startOfMonth(+1) and now() bound created', async () => {
    expect(await keysOf('created >= startOfDay(-1d)')).toEqual(keys.slice().sort());
    expect(await keysOf('created >= startOfDay(+1d)')).toEqual([]);
    expect(await keysOf('created <= endOfDay() AND created > startOfDay()')).toEqual(keys.slice().sort());
    expect(await keysOf('created < startOfMonth(-1)')).toEqual([]);
    expect(await keysOf('created >= startOfYear() AND created <= now()')).toEqual(keys.slice().sort());
    expect(await refusal('created > startOfDay(yesterday)')).toMatch(/startofday/i);
    expect(await refusal('created > startOfDay(-1d, 2)')).toMatch(/arguments/);
    expect(await refusal('created > fooBar(1)')).toBe("Unable to find JQL function 'foobar()'.");
  });
});
