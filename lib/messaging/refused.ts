/**
 * A request the background turns down for a reason the person who sent it can fix (a mapping whose
 * field the catalog lacks): the router answers it as an `invalid` reply with this message, not as
 * an unexpected failure. A leaf: handlers throw it without importing the router.
 */
export class RequestRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestRefused';
  }
}
