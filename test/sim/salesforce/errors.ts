/** Salesforce REST error bodies, worded as the real ones (shared/fixtures/real/sf_rest_error_bodies.json). */

export interface SfError {
  message: string;
  errorCode: string;
  fields?: string[];
}

export const sfErrors = {
  sessionInvalid: (): SfError[] => [
    { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
  ],
  sessionNotForRest: (): SfError[] => [
    {
      message: 'This session is not valid for use with the REST API',
      errorCode: 'INVALID_SESSION_ID',
    },
  ],
  apiDisabled: (): SfError[] => [
    {
      message: 'The REST API is not enabled for this Organization.',
      errorCode: 'API_DISABLED_FOR_ORG',
    },
  ],
  notFound: (): SfError[] => [
    { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
  ],
  requestLimit: (): SfError[] => [
    { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
  ],
  unknownException: (): SfError[] => [
    {
      message:
        'An unexpected error occurred. Please include this ErrorId if you contact support: 1942117384-73817 (-1416436744)',
      errorCode: 'UNKNOWN_EXCEPTION',
    },
  ],
  serverUnavailable: (): SfError[] => [
    {
      message: 'Server temporarily unavailable. Please try again later.',
      errorCode: 'SERVER_UNAVAILABLE',
    },
  ],
  tooManyRequests: (): SfError[] => [
    {
      message: 'Too many requests. Please retry after the time in the Retry-After header.',
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    },
  ],
  methodNotAllowed: (method: string, allowed: string): SfError[] => [
    {
      errorCode: 'METHOD_NOT_ALLOWED',
      message: `HTTP Method '${method}' not allowed. Allowed are ${allowed}`,
    },
  ],
  /** An unknown field in `?fields=` of a record GET (SOQL-style wording). */
  noSuchColumnOnEntity: (field: string, object: string): SfError[] => [
    {
      message: `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      errorCode: 'INVALID_FIELD',
    },
  ],
  /** An unknown (or inaccessible) field in a write body. */
  noSuchColumnOnSobject: (field: string, object: string): SfError[] => [
    {
      message: `No such column '${field}' on sobject of type ${object}`,
      errorCode: 'INVALID_FIELD',
    },
  ],
  notWritable: (fields: string[]): SfError => ({
    message: `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
    fields,
  }),
  jsonParser: (message: string): SfError[] => [{ message, errorCode: 'JSON_PARSER_ERROR' }],
  tooLong: (label: string, field: string, value: string, max: number): SfError => ({
    message: `${label}: data value too large: ${value} (max length=${max})`,
    errorCode: 'STRING_TOO_LONG',
    fields: [field],
  }),
  badPicklist: (label: string, field: string, value: string): SfError => ({
    message: `${label}: bad value for restricted picklist field: ${value}`,
    errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    fields: [field],
  }),
  outOfRange: (label: string, field: string, value: string): SfError => ({
    message: `${label}: value outside of valid range on numeric field: ${value}`,
    errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
    fields: [field],
  }),
  badEmail: (label: string, field: string, value: string): SfError => ({
    message: `${label}: invalid email address: ${value}`,
    errorCode: 'INVALID_EMAIL_ADDRESS',
    fields: [field],
  }),
  malformedId: (label: string, field: string, value: string): SfError => ({
    message: `${label}: id value of incorrect type: ${value}`,
    errorCode: 'MALFORMED_ID',
    fields: [field],
  }),
  badReference: (field: string): SfError => ({
    message: 'invalid cross reference id',
    errorCode: 'INVALID_CROSS_REFERENCE_KEY',
    fields: [field],
  }),
  requiredMissing: (fields: string[]): SfError => ({
    message: `Required fields are missing: [${fields.join(', ')}]`,
    errorCode: 'REQUIRED_FIELD_MISSING',
    fields,
  }),
  validationRule: (message: string, fields: string[]): SfError => ({
    message,
    errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    fields,
  }),
};
