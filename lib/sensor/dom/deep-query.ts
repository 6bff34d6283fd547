/**
 * Queries that walk open shadow roots (Lightning's web components hide their DOM in them).
 * A full walk is costly on a busy console, so callers use it only to *find* a container, then
 * observe that container alone.
 */

/**
 * The elements matching `selector` in `root` and in every open shadow root below it, outermost
 * only: the walk does not enter a match (neither its descendants nor the shadow roots they host).
 * On a console most elements are inside the containers callers look for (a transcript of
 * thousands of messages), so skipping them keeps the walk small.
 */
export function queryAllDeep<E extends Element = Element>(root: ParentNode, selector: string): E[] {
  const found: E[] = [];
  const pending: Node[] = [root as unknown as Node];
  const doc = (root as unknown as Node).ownerDocument ?? (root as unknown as Document);
  const filter = {
    acceptNode(node: Node) {
      if (!(node as Element).matches(selector)) return NodeFilter.FILTER_ACCEPT;
      found.push(node as E);
      return NodeFilter.FILTER_REJECT; // and its subtree
    },
  };
  while (pending.length) {
    const walker = doc.createTreeWalker(pending.pop() as Node, NodeFilter.SHOW_ELEMENT, filter);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const shadow = (node as Element).shadowRoot;
      if (shadow) pending.push(shadow);
    }
  }
  return found;
}

/**
 * The closest ancestor (or the element itself) matching `selector`, climbing out of shadow roots
 * through their hosts: a console nests its tabs' content in web components.
 */
export function closestAcrossShadows(el: Element, selector: string): Element | null {
  let node: Element | null = el;
  while (node) {
    const found = node.closest(selector);
    if (found) return found;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/** Every open shadow root in `root` and below (the page-wide fallback observes each). */
export function openShadowRoots(root: ParentNode): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const pending: Node[] = [root as unknown as Node];
  const doc = (root as unknown as Node).ownerDocument ?? (root as unknown as Document);
  while (pending.length) {
    const walker = doc.createTreeWalker(pending.pop() as Node, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const shadow = (node as Element).shadowRoot;
      if (shadow) {
        found.push(shadow);
        pending.push(shadow);
      }
    }
  }
  return found;
}
