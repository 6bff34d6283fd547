/**
 * Describe field objects in the exact shape of a real `sobjects/<Object>/describe` (every key of the
 * captured v58–v59 describes in shared/fixtures/real), built from short specs with per-type defaults
 * taken from those captures.
 */

export type SfFieldType =
  | 'id'
  | 'reference'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'email'
  | 'phone'
  | 'url';

export interface PicklistValue {
  active: boolean;
  defaultValue: boolean;
  label: string;
  validFor: string | null;
  value: string;
}

/** One entry of `fields[]` in a describe result. */
export interface DescribeField {
  aggregatable: boolean;
  aiPredictionField: boolean;
  autoNumber: boolean;
  byteLength: number;
  calculated: boolean;
  calculatedFormula: string | null;
  cascadeDelete: boolean;
  caseSensitive: boolean;
  compoundFieldName: string | null;
  controllerName: string | null;
  createable: boolean;
  custom: boolean;
  defaultValue: string | boolean | null;
  defaultValueFormula: string | null;
  defaultedOnCreate: boolean;
  dependentPicklist: boolean;
  deprecatedAndHidden: boolean;
  digits: number;
  displayLocationInDecimal: boolean;
  encrypted: boolean;
  externalId: boolean;
  extraTypeInfo: string | null;
  filterable: boolean;
  filteredLookupInfo: null;
  formulaTreatNullNumberAsZero: boolean;
  groupable: boolean;
  highScaleNumber: boolean;
  htmlFormatted: boolean;
  idLookup: boolean;
  inlineHelpText: string | null;
  label: string;
  length: number;
  mask: null;
  maskType: null;
  name: string;
  nameField: boolean;
  namePointing: boolean;
  nillable: boolean;
  permissionable: boolean;
  picklistValues: PicklistValue[];
  polymorphicForeignKey: boolean;
  precision: number;
  queryByDistance: boolean;
  referenceTargetField: null;
  referenceTo: string[];
  relationshipName: string | null;
  relationshipOrder: null;
  restrictedDelete: boolean;
  restrictedPicklist: boolean;
  scale: number;
  searchPrefilterable: boolean;
  soapType: string;
  sortable: boolean;
  type: SfFieldType;
  unique: boolean;
  updateable: boolean;
  writeRequiresMasterRead: boolean;
}

/** A picklist value in short form: [value, label?, {active?, default?}]. */
export type PicklistSpec =
  | string
  | [value: string, label: string, opts?: { active?: boolean; default?: boolean }];

export interface FieldSpec {
  name: string;
  label: string;
  type: SfFieldType;
  length?: number;
  precision?: number;
  scale?: number;
  digits?: number;
  picklist?: PicklistSpec[];
  restricted?: boolean;
  /** Writable through the API (default true, false for id and formula fields). */
  updateable?: boolean;
  createable?: boolean;
  nillable?: boolean;
  /** A formula: the field is calculated and never writable. */
  formula?: string;
  referenceTo?: string[];
  relationshipName?: string;
  defaultValue?: string | boolean | null;
  /** Any other describe key, verbatim. */
  extra?: Partial<DescribeField>;
}

const SOAP_TYPES: Record<SfFieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  time: 'xsd:time',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
};

const DEFAULT_LENGTH: Partial<Record<SfFieldType, number>> = {
  id: 18,
  reference: 18,
  string: 255,
  textarea: 255,
  picklist: 255,
  multipicklist: 4099,
  combobox: 255,
  email: 80,
  phone: 40,
  url: 255,
};

const NUMERIC: ReadonlySet<SfFieldType> = new Set(['double', 'currency', 'percent']);
/** Types whose JSON value is a string of characters limited by `length`. */
export const TEXT_TYPES: ReadonlySet<SfFieldType> = new Set([
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'combobox',
  'email',
  'phone',
  'url',
]);

function picklistValue(spec: PicklistSpec): PicklistValue {
  if (typeof spec === 'string') {
    return { active: true, defaultValue: false, label: spec, validFor: null, value: spec };
  }
  const [value, label, opts = {}] = spec;
  return {
    active: opts.active ?? true,
    defaultValue: opts.default ?? false,
    label,
    validFor: null,
    value,
  };
}

export function describeField(spec: FieldSpec): DescribeField {
  const { type } = spec;
  const custom = spec.name.endsWith('__c');
  const calculated = spec.formula !== undefined;
  const length =
    TEXT_TYPES.has(type) || type === 'id' || type === 'reference'
      ? (spec.length ?? DEFAULT_LENGTH[type] ?? 0)
      : 0;
  const longText = type === 'textarea' && length > 255;
  const writable = type !== 'id' && !calculated;
  const updateable = writable && (spec.updateable ?? true);
  const createable = writable && (spec.createable ?? spec.updateable ?? true);
  const byteLength =
    type === 'id' || type === 'reference'
      ? 18
      : type === 'multipicklist'
        ? length
        : TEXT_TYPES.has(type)
          ? length * 3
          : 0;
  const field: DescribeField = {
    aggregatable: !(type === 'boolean' || type === 'multipicklist' || longText),
    aiPredictionField: false,
    autoNumber: false,
    byteLength,
    calculated,
    calculatedFormula: spec.formula ?? null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable,
    custom,
    defaultValue:
      spec.defaultValue !== undefined
        ? spec.defaultValue
        : type === 'boolean' && !calculated
          ? false
          : null,
    defaultValueFormula: null,
    defaultedOnCreate: type === 'boolean' || type === 'id',
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: type === 'int' ? (spec.digits ?? 9) : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: false,
    extraTypeInfo: type === 'textarea' ? 'plaintextarea' : null,
    filterable: !longText,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: calculated,
    groupable: !(
      NUMERIC.has(type) ||
      type === 'datetime' ||
      type === 'multipicklist' ||
      longText ||
      calculated
    ),
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: type === 'id',
    inlineHelpText: null,
    label: spec.label,
    length,
    mask: null,
    maskType: null,
    name: spec.name,
    nameField: false,
    namePointing: false,
    nillable: spec.nillable ?? !(type === 'boolean' || type === 'id'),
    permissionable: custom ? true : updateable,
    picklistValues: (spec.picklist ?? []).map(picklistValue),
    polymorphicForeignKey: false,
    precision: NUMERIC.has(type) ? (spec.precision ?? 18) : type === 'multipicklist' ? 4 : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: spec.referenceTo ?? [],
    relationshipName: spec.relationshipName ?? null,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: spec.restricted ?? false,
    scale: NUMERIC.has(type) ? (spec.scale ?? 0) : 0,
    searchPrefilterable: false,
    soapType: SOAP_TYPES[type],
    sortable: !(type === 'multipicklist' || longText),
    type,
    unique: false,
    updateable,
    writeRequiresMasterRead: false,
  };
  return { ...field, ...spec.extra };
}
