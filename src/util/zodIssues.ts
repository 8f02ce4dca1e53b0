import type { z } from 'zod';

/** The first `max` problems of a failed parse as `path: message`, for an error message or a log line. */
export function summarizeIssues(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
