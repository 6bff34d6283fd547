/** REST metadata answers in the shapes of the captured responses in shared/fixtures/real. */
import { GLOBAL_SOBJECTS, type SimObjectDef } from './objects';

/** `GET /services/data/` of a Summer '26 org (sf_versions_list_nango.json plus 67.0). */
const VERSION_LABELS: [string, string][] = [
  ['31.0', "Summer '14"],
  ['32.0', "Winter '15"],
  ['33.0', "Spring '15"],
  ['34.0', "Summer '15"],
  ['35.0', "Winter '16"],
  ['36.0', "Spring '16"],
  ['37.0', "Summer '16"],
  ['38.0', "Winter '17"],
  ['39.0', "Spring '17"],
  ['40.0', "Summer '17"],
  ['41.0', "Winter '18"],
  // The real list has this curly apostrophe.
  ['42.0', 'Spring ’18'],
  ['43.0', "Summer '18"],
  ['44.0', "Winter '19"],
  ['45.0', "Spring '19"],
  ['46.0', "Summer '19"],
  ['47.0', "Winter '20"],
  ['48.0', "Spring '20"],
  ['49.0', "Summer '20"],
  ['50.0', "Winter '21"],
  ['51.0', "Spring '21"],
  ['52.0', "Summer '21"],
  ['53.0', "Winter '22"],
  ['54.0', "Spring '22"],
  ['55.0', "Summer '22"],
  ['56.0', "Winter '23"],
  ['57.0', "Spring '23"],
  ['58.0', "Summer '23"],
  ['59.0', "Winter '24"],
  ['60.0', "Spring '24"],
  ['61.0', "Summer '24"],
  ['62.0', "Winter '25"],
  ['63.0', "Spring '25"],
  ['64.0', "Summer '25"],
  ['65.0', "Winter '26"],
  ['66.0', "Spring '26"],
  ['67.0', "Summer '26"],
];

/** The versions the sim answers under `/services/data/vXX.X/`; others get 404 NOT_FOUND. */
export const SERVED_VERSIONS: readonly string[] = ['62.0', '63.0', '64.0', '65.0', '66.0', '67.0'];

export function versionsList(): { label: string; url: string; version: string }[] {
  return VERSION_LABELS.map(([version, label]) => ({
    label,
    url: `/services/data/v${version}`,
    version,
  }));
}

/** `GET /services/data/vXX.X/` */
export function versionResources(version: string): Record<string, string> {
  const base = `/services/data/v${version}`;
  return {
    limits: `${base}/limits`,
    query: `${base}/query`,
    search: `${base}/search`,
    sobjects: `${base}/sobjects`,
    ui_api: `${base}/ui-api`,
  };
}

function objectUrls(version: string, name: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    approvalLayouts: `${base}/describe/approvalLayouts`,
    listviews: `${base}/listviews`,
    describe: `${base}/describe`,
    quickActions: `${base}/quickActions`,
    layouts: `${base}/describe/layouts`,
    sobject: base,
  };
}

function globalEntry(
  version: string,
  name: string,
  label: string,
  labelPlural: string,
  keyPrefix: string | null,
) {
  const layoutable = keyPrefix !== null;
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: layoutable,
    custom: false,
    customSetting: false,
    deepCloneable: false,
    deletable: layoutable,
    deprecatedAndHidden: false,
    feedEnabled: ['Account', 'Case', 'Contact', 'Lead', 'Opportunity'].includes(name),
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix,
    label,
    labelPlural,
    layoutable,
    mergeable: ['Account', 'Case', 'Contact', 'Lead'].includes(name),
    mruEnabled: layoutable,
    name,
    queryable: true,
    replicateable: layoutable,
    retrieveable: true,
    searchable: layoutable,
    triggerable: layoutable,
    undeletable: layoutable,
    updateable: layoutable,
    urls: objectUrls(version, name),
  };
}

/** `GET /services/data/vXX.X/sobjects/` */
export function globalDescribe(version: string) {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: GLOBAL_SOBJECTS.map(([name, label, plural, prefix]) =>
      globalEntry(version, name, label, plural, prefix),
    ),
  };
}

/** `GET /services/data/vXX.X/sobjects/<Object>/` (sf_sobject_basic_info_Account_nango_v63.json) */
export function basicInfo(
  version: string,
  object: { name: string; label: string; labelPlural: string; keyPrefix: string | null },
  recentItems: Record<string, unknown>[],
) {
  return {
    objectDescribe: globalEntry(
      version,
      object.name,
      object.label,
      object.labelPlural,
      object.keyPrefix,
    ),
    recentItems,
  };
}

/** `GET /services/data/vXX.X/sobjects/<Object>/describe` (sf_describe_Case_cumulusci_v48.json) */
export function describeObject(version: string, def: SimObjectDef, myDomainOrigin: string) {
  const urls: Record<string, string> = {
    ...objectUrls(version, def.name),
    uiDetailTemplate: `${myDomainOrigin}/{ID}`,
    uiEditTemplate: `${myDomainOrigin}/{ID}/e`,
    defaultValues: `/services/data/v${version}/sobjects/${def.name}/defaultValues?recordTypeId&fields`,
    uiNewRecord: `${myDomainOrigin}/${def.keyPrefix}/e`,
  };
  return {
    actionOverrides: [],
    activateable: false,
    childRelationships: def.childRelationships,
    compactLayoutable: true,
    createable: true,
    custom: false,
    customSetting: false,
    deepCloneable: false,
    defaultImplementation: null,
    deletable: true,
    deprecatedAndHidden: false,
    extendedBy: null,
    extendsInterfaces: null,
    feedEnabled: def.name === 'Case',
    fields: def.fields,
    hasSubtypes: false,
    implementedBy: null,
    implementsInterfaces: null,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: true,
    listviewable: null,
    lookupLayoutable: null,
    mergeable: def.name === 'Case',
    mruEnabled: true,
    name: def.name,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    queryable: true,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: {
          layout: `/services/data/v${version}/sobjects/${def.name}/describe/layouts/012000000000000AAA`,
        },
      },
    ],
    replicateable: true,
    retrieveable: true,
    searchLayoutable: true,
    searchable: true,
    supportedScopes: def.supportedScopes,
    triggerable: true,
    undeletable: true,
    updateable: true,
    urls,
  };
}
