/**
 * Errors the app raises on purpose. Resolvers turn an AppError into
 * `{ok:false, error:{code, message}}` as is, so its message must be safe to show.
 */
export class AppError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

/** Best-effort readable text for any thrown value (never used for upstream bodies). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Unknown error';
}
