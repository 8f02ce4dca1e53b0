/**
 * Removes secrets from text that may end up in a log line or an error message.
 * Upstream bodies are untrusted and could echo a header back, so every message
 * built from one goes through here.
 */
const AUTH_HEADER = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/gi;

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(AUTH_HEADER, '$1 [redacted]');
  for (const secret of secrets) {
    // Short values would redact ordinary words; real API tokens are long.
    if (secret.length < 6) continue;
    out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Caps a message so a huge upstream body never floods a UI or a stored record. */
export function truncate(text: string, max = 500): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
