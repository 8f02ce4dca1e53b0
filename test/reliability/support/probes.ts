/**
 * What the simulators can show. Auto-create's crash recovery (src/sync/fromZendesk/autoCreate.ts) finds
 * the issue an interrupted create made through the issue property set in the create request
 * (Jira REST `createIssue` `properties`, read back with `getIssueProperty`). A simulator that
 * drops properties makes that recovery impossible to observe, so tests that need it ask first
 * and report what they could not cover instead of passing silently.
 */
import { SUP, TASK, type World } from './world';

export async function simulatorKeepsIssueProperties(world: World): Promise<boolean> {
  const { jira } = world.stack;
  const headers = {
    authorization: `Bearer ${jira.appAccount.accessToken}`,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const created = await fetch(`${jira.url}/rest/api/3/issue`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      fields: { project: { key: SUP.key }, issuetype: { id: TASK }, summary: 'property probe' },
      properties: [{ key: 'probe', value: { ok: true } }],
    }),
  });
  if (created.status !== 201) return false;
  const { id } = (await created.json()) as { id: string };
  const read = await fetch(`${jira.url}/rest/api/3/issue/${id}/properties/probe`, { headers });
  jira.control.reset();
  return read.status === 200;
}
