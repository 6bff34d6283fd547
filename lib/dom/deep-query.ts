/**
 * Queries that walk open shadow roots (Lightning's web components hide their DOM in them).
 * A full walk is costly on a busy console, so callers use it only to *find* a container, then
 * observe that container alone.
 */
export function queryAllDeep<E extends Element = Element>(root: ParentNode, selector: string): E[] {
  const found: E[] = [];
  const pending: ParentNode[] = [root];
  while (pending.length) {
    const node = pending.pop() as ParentNode;
    for (const el of node.querySelectorAll<E>(selector)) found.push(el);
    // Only elements that host a shadow root need a second look.
    for (const el of node.querySelectorAll('*')) if (el.shadowRoot) pending.push(el.shadowRoot);
  }
  return found;
}
