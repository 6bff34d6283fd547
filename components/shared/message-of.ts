/**
 * What the faces show for a failed request: the error's own message (request() throws the
 * background's refusal as a RequestError with a sentence for people), or a generic one.
 */
export const messageOf = (error: unknown): string =>
  error instanceof Error && error.message
    ? error.message
    : 'The extension did not answer. Try again.';
