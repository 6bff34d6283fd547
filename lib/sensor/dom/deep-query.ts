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
  walkDeep(root, (el) => {
    if (!el.matches(selector)) return true;
    found.push(el as E);
    return false; // and its subtree
  });
  return found;
}

/**
 * Walks the elements of `root` and of every open shadow root below it; `enter` answers whether to
 * go into an element (its descendants and the shadow root it hosts). Each shadow root found is
 * told to `onShadow`.
 */
function walkDeep(
  root: ParentNode,
  enter: (el: Element) => boolean,
  onShadow?: (shadow: ShadowRoot) => void,
): void {
  const pending: Node[] = [root as unknown as Node];
  const doc = (root as unknown as Node).ownerDocument ?? (root as unknown as Document);
  const filter = {
    acceptNode: (node: Node) =>
      enter(node as Element) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
  };
  while (pending.length) {
    const walker = doc.createTreeWalker(pending.pop() as Node, NodeFilter.SHOW_ELEMENT, filter);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const shadow = (node as Element).shadowRoot;
      if (shadow) {
        onShadow?.(shadow);
        pending.push(shadow);
      }
    }
  }
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
  walkDeep(
    root,
    () => true,
    (shadow) => found.push(shadow),
  );
  return found;
}
