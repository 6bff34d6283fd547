/**
 * The custom attributes of the simulated Kustomer org (the same Klasses in every org) and the
 * `GET /v1/metadata/{resource}` answer. The suffix of an attribute's name sets its type; the
 * metadata adds display names, enumerations, trees and Id targets.
 */

export type KustomerResource = 'conversation' | 'customer';
export const RESOURCES: readonly KustomerResource[] = ['conversation', 'customer'];

export const SUFFIXES = ['Str', 'Txt', 'Num', 'At', 'Bool', 'Url', 'Id', 'Tree'] as const;
export type Suffix = (typeof SUFFIXES)[number];

/**
 * The metadata `type` per suffix. The vendor example shows `number` (Num) and `string` (Str, and Id
 * with a `target`); the others are *assumed*.
 */
export const METADATA_TYPE: Record<Suffix, string> = {
  Str: 'string',
  Txt: 'text',
  Num: 'number',
  At: 'date',
  Bool: 'boolean',
  Url: 'url',
  Id: 'string',
  Tree: 'tree',
};

/** Most characters a `…Str` value may have. */
export const STR_MAX_LENGTH = 1024;

export interface TreeNode {
  id: string;
  displayName: string;
  children: TreeNode[];
}

export interface AttributeDef {
  name: string;
  suffix: Suffix;
  displayName: string;
  enumeration?: string[];
  /** For `…Id` attributes: the Klass the id points at. */
  target?: string;
  multi?: boolean;
  tree?: { children: TreeNode[] };
  lastNodeRequired?: boolean;
  sensitive?: boolean;
}

const node = (id: string, displayName: string, children: TreeNode[] = []): TreeNode => ({
  id,
  displayName,
  children,
});

/** Contact reasons: values are the dotted path of node ids, lowercase (`orders.damaged`). */
export const CONTACT_REASON_TREE: { children: TreeNode[] } = {
  children: [
    node('orders', 'Orders', [
      node('damaged', 'Damaged item'),
      node('missing', 'Missing item'),
      node('late', 'Late delivery'),
    ]),
    node('billing', 'Billing', [
      node('double_charge', 'Charged twice'),
      node('refund', 'Refund request'),
    ]),
    node('technical', 'Technical', [node('connectivity', 'Connectivity')]),
    node('other', 'Other'),
  ],
};

export const ATTRIBUTES: Record<KustomerResource, AttributeDef[]> = {
  conversation: [
    { name: 'accountNumberStr', suffix: 'Str', displayName: 'Account Number' },
    { name: 'handoffSummaryTxt', suffix: 'Txt', displayName: 'Handoff Summary' },
    { name: 'orderTotalNum', suffix: 'Num', displayName: 'Order Total' },
    { name: 'lastOrderAt', suffix: 'At', displayName: 'Last Order' },
    { name: 'vipBool', suffix: 'Bool', displayName: 'VIP' },
    { name: 'orderPageUrl', suffix: 'Url', displayName: 'Order Page' },
    {
      name: 'linkedOrderId',
      suffix: 'Id',
      displayName: 'Linked Order',
      target: 'kobject.order',
      multi: false,
    },
    {
      name: 'accountTierStr',
      suffix: 'Str',
      displayName: 'Account Tier',
      enumeration: ['basic', 'premium', 'enterprise'],
    },
    {
      name: 'contactReasonTree',
      suffix: 'Tree',
      displayName: 'Contact Reason',
      tree: CONTACT_REASON_TREE,
      lastNodeRequired: true,
    },
    // An app-installed attribute (name starting with `@`; the form is *unverified*).
    { name: '@shopify.lastOrderStr', suffix: 'Str', displayName: 'Shopify: Last Order' },
    { name: 'handoffContextTxt', suffix: 'Txt', displayName: 'Handoff Context' },
  ],
  customer: [
    { name: 'loyaltyTierStr', suffix: 'Str', displayName: 'Loyalty Tier' },
    { name: 'lifetimeValueNum', suffix: 'Num', displayName: 'Lifetime Value' },
    { name: 'customerSinceAt', suffix: 'At', displayName: 'Customer Since' },
    { name: 'marketingOptInBool', suffix: 'Bool', displayName: 'Marketing Opt-In' },
  ],
};

export function attributeDef(
  resource: KustomerResource,
  name: string,
  retired: ReadonlySet<string> = new Set(),
): AttributeDef | undefined {
  if (retired.has(`${resource}:${name}`)) return undefined;
  return ATTRIBUTES[resource].find((a) => a.name === name);
}

/** The type suffix of an attribute name, or undefined when it has none. */
export function suffixOf(name: string): Suffix | undefined {
  // Longest suffixes first so `…Tree` is not read as something else.
  for (const suffix of [...SUFFIXES].sort((a, b) => b.length - a.length)) {
    if (name.length > suffix.length && name.endsWith(suffix)) {
      const stem = name.slice(0, -suffix.length);
      // The stem must end in a lower-case letter or digit (camelCase: `accountTier` + `Str`).
      if (/[a-z0-9]$/.test(stem)) return suffix;
    }
  }
  return undefined;
}

/** Finds a tree path (`orders.damaged`) and tells whether it ends on a leaf. */
export function treePath(
  tree: { children: TreeNode[] },
  path: string,
): { nodes: TreeNode[]; leaf: boolean } | undefined {
  const nodes: TreeNode[] = [];
  let level = tree.children;
  for (const id of path.split('.')) {
    const hit = level.find((n) => n.id === id);
    if (!hit) return undefined;
    nodes.push(hit);
    level = hit.children;
  }
  return { nodes, leaf: level.length === 0 };
}

const METADATA_TIME = '2026-10-01T12:00:00.000Z';

export function metadataResponse(
  resource: KustomerResource,
  orgId: string,
  modifiedBy: string,
  retired: ReadonlySet<string> = new Set(),
): unknown {
  const properties: Record<string, unknown> = {};
  for (const a of ATTRIBUTES[resource]) {
    if (retired.has(`${resource}:${a.name}`)) continue;
    properties[a.name] = {
      modifiedBy,
      modifiedAt: METADATA_TIME,
      updatedAt: METADATA_TIME,
      type: METADATA_TYPE[a.suffix],
      displayName: a.displayName,
      ...(a.enumeration ? { enumeration: [...a.enumeration] } : {}),
      ...(a.target ? { target: a.target } : {}),
      ...(a.multi !== undefined ? { multi: a.multi } : {}),
      ...(a.tree ? { tree: structuredClone(a.tree) } : {}),
      ...(a.lastNodeRequired !== undefined ? { lastNodeRequired: a.lastNodeRequired } : {}),
      ...(a.sensitive !== undefined ? { sensitive: a.sensitive } : {}),
    };
  }
  return {
    data: {
      type: 'metadata',
      id: resource,
      attributes: { properties },
      relationships: {
        org: { links: { self: `/v1/orgs/${orgId}` }, data: { type: 'org', id: orgId } },
      },
      links: { self: `/v1/metadata/${resource}` },
    },
  };
}
