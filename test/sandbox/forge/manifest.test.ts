// manifest.yml model and the egress allow-list semantics.
import { describe, expect, it } from 'vitest';
import {
  egressAllows,
  loadManifest,
  ManifestError,
  parseEgressAddress,
  parseManifest,
} from '../../../sandbox/forge';
import { FIXTURE_APP } from './support/recordingServer';

const BASE = `app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000
  runtime:
    name: nodejs22.x
`;

describe('manifest model', () => {
  it('reads functions, modules, triggers, consumers and egress from the fixture app', () => {
    const m = loadManifest(`${FIXTURE_APP}/manifest.yml`);
    expect(m.appId).toBe('11111111-2222-4333-8444-555555555555');
    expect(m.functions.get('admin-resolver')).toMatchObject({
      file: 'index',
      exportName: 'adminResolver',
      timeoutSeconds: 25,
      role: 'resolver',
    });
    expect(m.functions.get('worker')).toMatchObject({ timeoutSeconds: 30, role: 'async' });
    expect(m.functions.get('scheduled')?.timeoutSeconds).toBe(55);
    expect(m.uiModules.map((u) => [u.type, u.key, u.resolverFunction])).toEqual([
      ['jira:adminPage', 'fixture-admin', 'admin-resolver'],
      ['jira:issuePanel', 'fixture-panel', 'panel-resolver'],
    ]);
    expect(m.triggers).toEqual([
      {
        key: 'updated-not-self',
        functionKey: 'on-event',
        events: [{ eventType: 'avi:jira:updated:issue', ignoreSelf: true }],
      },
      {
        key: 'updated-all',
        functionKey: 'on-event',
        events: [
          { eventType: 'avi:jira:updated:issue', ignoreSelf: false },
          { eventType: 'avi:jira:commented:issue', ignoreSelf: false },
        ],
      },
    ]);
    expect(m.consumers).toEqual([{ key: 'fixture-consumer', queue: 'fixture-work', functionKey: 'worker' }]);
    expect(m.egressAddresses).toEqual(['*.zendesk.com', '*.zdusercontent.com']);
  });

  it('caps resolver timeouts at 25 s and keeps explicit async timeouts', () => {
    const m = parseManifest(`${BASE}modules:
  jira:adminPage:
    - key: admin
      resource: r
      title: T
      resolver:
        function: res
  function:
    - key: res
      handler: index.res
      timeoutSeconds: 60
    - key: job
      handler: jobs/run.main
      timeoutSeconds: 900
`);
    expect(m.functions.get('res')?.timeoutSeconds).toBe(25);
    expect(m.functions.get('job')).toMatchObject({
      file: 'jobs/run',
      exportName: 'main',
      timeoutSeconds: 900,
    });
  });

  it('refuses schema violations and dangling function references', () => {
    expect(() =>
      parseManifest(
        `${BASE}modules:\n  function:\n    - key: f\n      handler: index.f\n      timeoutSeconds: 901\n`,
      ),
    ).toThrow(ManifestError);
    expect(() =>
      parseManifest(`${BASE}modules:\n  consumer:\n    - key: c\n      queue: q\n      function: missing\n`),
    ).toThrow(/unknown function 'missing'/);
    expect(() => parseManifest('app: [')).toThrow(/not valid YAML/);
  });

  it('accepts the deprecated plain-string egress form as well as {address}', () => {
    const m = parseManifest(`${BASE}permissions:
  external:
    fetch:
      backend:
        - 'api.example.com'
        - address: https://*.example.org/some/path
`);
    expect(m.egressAddresses).toEqual(['api.example.com', 'https://*.example.org/some/path']);
  });
});

describe('egress matching (semantics of @forge/egress EgressFilteringService)', () => {
  const rules = ['*.zendesk.com', 'api.example.com', 'http://legacy.example.net'].map(parseEgressAddress);
  /** The URLs the rules let through, in order. */
  const allowed = (...urls: string[]): string[] => urls.filter((url) => egressAllows(rules, new URL(url)));

  it('a wildcard covers any depth of subdomain but never the apex or look-alikes', () => {
    // Every URL given passes: as many come back as went in.
    expect(allowed('https://acme.zendesk.com/api/v2/tickets', 'https://a.b.zendesk.com/')).toHaveLength(2);
    expect(allowed('https://ACME.Zendesk.com/')).toHaveLength(1);
    expect(
      allowed('https://zendesk.com/', 'https://evilzendesk.com/', 'https://zendesk.com.evil.net/'),
    ).toEqual([]);
  });

  it('defaults entries to https and compares scheme and port', () => {
    expect(allowed('https://api.example.com/x', 'http://legacy.example.net/')).toHaveLength(2);
    expect(
      allowed('http://api.example.com/x', 'https://api.example.com:8443/x', 'https://legacy.example.net/'),
    ).toEqual([]);
  });

  it('a bare * allows everything', () => {
    expect(egressAllows([parseEgressAddress('*')], new URL('http://127.0.0.1:1/'))).toBe(true);
  });
});
