/**
 * A page's first request, sent by its entry script before the rest of its code has loaded (the
 * background works while the page loads): the first call takes that answer, later calls (a
 * reload, "Try again") ask again.
 */
export function firstThen<T>(early: Promise<T>, ask: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined = early;
  return () => {
    const answer = pending ?? ask();
    pending = undefined;
    return answer;
  };
}
