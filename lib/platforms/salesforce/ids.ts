/**
 * Salesforce record ids as a signed context may name them: the same record is written as a 15- or
 * an 18-character id (the 18-character form is the 15-character one plus a case-insensitivity
 * checksum), so a context naming either form is about the open record.
 */

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Exact match, or the same Salesforce record written as a 15- and an 18-character id. */
export function sameConversation(open: string, conv: string): boolean {
  if (open === conv) return true;
  if (!SALESFORCE_ID.test(open) || !SALESFORCE_ID.test(conv) || open.length === conv.length) {
    return false;
  }
  return open.slice(0, 15) === conv.slice(0, 15);
}
