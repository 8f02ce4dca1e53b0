/**
 * Client-side checks that mirror the admin resolver's, with the same patterns (src/domain/ids.ts);
 * they only give early feedback, the resolver validates again and its answer wins.
 */
import { AGENT_EMAIL_PATTERN, SUBDOMAIN_PATTERN } from '../../../src/domain/ids';

export function subdomainProblem(value: string | undefined): string | undefined {
  const v = value ?? '';
  if (v.trim() === '') return 'Enter your Zendesk subdomain.';
  if (/\.zendesk\.com\/?$/i.test(v) || v.includes('://')) {
    return 'Enter only the subdomain, e.g. "your-team" for https://your-team.zendesk.com.';
  }
  if (v !== v.toLowerCase()) return 'Use lowercase letters only.';
  if (!SUBDOMAIN_PATTERN.test(v)) {
    return 'Use 1–63 lowercase letters, digits or hyphens, starting with a letter or digit.';
  }
  return undefined;
}

export function emailProblem(value: string | undefined): string | undefined {
  const v = (value ?? '').trim();
  if (v === '') return 'Enter the agent email address.';
  if (!AGENT_EMAIL_PATTERN.test(v)) return 'Enter a full email address, e.g. agent@your-team.com.';
  return undefined;
}

export function tokenProblem(value: string | undefined): string | undefined {
  return (value ?? '').trim() === '' ? 'Enter a Zendesk API token.' : undefined;
}
