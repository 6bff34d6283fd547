/**
 * A page's first request, sent by its entry script before the rest of its code has loaded (the
 * background works while the page loads): the first call takes that answer when it asks the same
 * question (`about`, when the early request was about one thing: the popup's remembered target);
 * every later call (another target, a reload, "Try again") asks again.
 */
export function takeOnce<T>(
  early: Promise<T> | undefined,
  key?: string,
): (ask: () => Promise<T>, about?: string) => Promise<T> {
  let pending = early;
  return (ask, about) => {
    const taken = about === key ? pending : undefined;
    pending = undefined;
    return taken ?? ask();
  };
}
