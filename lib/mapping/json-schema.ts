/**
 * The JSON Schema (draft 2020-12) of the mappings file, generated from the zod schema that import and
 * the CLI use, so the two cannot drift: `npm run schema` writes it to docs/mappings.schema.json, and a
 * unit test fails when the committed file differs from what this returns. Editors use it to complete
 * and check a mappings file kept in git (`"$schema": "./mappings.schema.json"`).
 *
 * Not imported by the extension (it pulls in zod's JSON Schema generator): the CLI and tests only.
 */
import { z } from 'zod';
import { TIME_ZONE_SHAPE } from './dates';
import { MAPPINGS_FORMAT, MappingsFile } from './schema';

type JsonObject = Record<string, unknown>;

const FILE_DESCRIPTIONS: Record<string, string> = {
  $schema: 'Where an editor finds this schema. Ignored by import.',
  format: `Always "${MAPPINGS_FORMAT}".`,
  version:
    'The file format version. A newer version than the extension or CLI reads is refused as a whole.',
  mappings:
    'The mappings. Each id appears once; import replaces a stored mapping with the same id (merge) or all of them (replace).',
};

const MAPPING_DESCRIPTIONS: Record<string, string> = {
  id: 'Unique in the file. Import recognises a mapping by its id. When two mappings fill one field, the first by id wins. Leave it out and import makes one from platform, object and field ("salesforce.case.account-tier-c"), the same on every import; export writes it.',
  platform: 'The platform of the target field.',
  object:
    'The target object, exactly as the platform names it: a Salesforce object API name such as "Case"; for Kustomer "conversation" or "customer".',
  field:
    'The API name of the target field (Salesforce "Account_Tier__c"; Kustomer "accountTierStr").',
  sources:
    'Context keys the value comes from. Keys match ignoring case, spaces, "-" and "_": "Account Tier", "account_tier" and "accountTier" are one key.',
  combine:
    '"first": the first source with a non-empty value. "join": every non-empty source, joined with the separator.',
  separator: 'What "join" puts between values.',
  valueMap:
    'Translations from what the bot says to what the field stores, matched ignoring case and surrounding spaces. A "to" of "" skips the value.',
  unmapped:
    'A value the value map lacks: "refuse" the field, "pass" the value on as it is, or "skip" it. Default: "refuse" for picklist, multi-select, enumeration and tree targets; "pass" otherwise.',
  transforms: 'Text clean-ups applied in order before the value map.',
  dateFormat:
    'How the bot writes dates, for date and date-time targets: "ISO" (2026-11-21, the default), "DD/MM/YYYY" (21/11/2026 14:30) or "MM/DD/YYYY" (11/21/2026 2:30 PM). ISO 8601 is always accepted too. Sent to the platform as ISO 8601.',
  timeZone:
    'The IANA time zone ("Europe/Paris") a date-time without an offset is local to. Without it, such a time is UTC.',
  policy:
    '"fill-empty": never overwrite a value already in the field. "overwrite": replace it (a value equal to the current one is never written again).',
  enabled: 'A disabled mapping is kept but never applied.',
};

export function mappingsJsonSchema(): JsonObject {
  const generated = z.toJSONSchema(MappingsFile, {
    target: 'draft-2020-12',
    io: 'input',
  }) as JsonObject;
  const properties = generated.properties as Record<string, JsonObject>;
  describeProperties(properties, FILE_DESCRIPTIONS);
  const mapping = (properties.mappings as JsonObject).items as JsonObject;
  const mappingProperties = mapping.properties as Record<string, JsonObject>;
  describeProperties(mappingProperties, MAPPING_DESCRIPTIONS);
  // zod trims a source key before checking it is not empty: " " is refused, so say so here too.
  const sourceItems = (mappingProperties.sources as JsonObject).items as JsonObject;
  sourceItems.pattern = '\\S';
  // Intl decides which names are zones; the shape of a name (no offsets) can be said here.
  (mappingProperties.timeZone as JsonObject).pattern = TIME_ZONE_SHAPE.source;
  mapping.description = 'One target field and where its value comes from.';
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Handoff Fields mappings file',
    description:
      'Mappings from handoff-context keys to Salesforce and Kustomer fields, as Handoff Fields exports them and its import and CLI read them. Every key of a mapping but platform, object, field and sources may be left out; export leaves out those at their default, and writes every id.',
    ...rest,
  };
}

function describeProperties(
  properties: Record<string, JsonObject>,
  descriptions: Record<string, string>,
) {
  for (const [key, description] of Object.entries(descriptions)) {
    const property = properties[key];
    if (!property) throw new Error(`mappingsJsonSchema: no property ${key} to describe`);
    properties[key] = { description, ...property };
  }
}

/** The schema as the committed file holds it (before Biome formats it). */
export function mappingsJsonSchemaText(): string {
  return `${JSON.stringify(mappingsJsonSchema(), null, 2)}\n`;
}
