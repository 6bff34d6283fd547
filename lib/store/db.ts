/**
 * The extension's IndexedDB (background only: a content script's IndexedDB is the page's).
 * Every schema change is a new version with its own migration step; steps run in order so a
 * database at any older version reaches the current one without losing a mapping.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Mapping } from '../mapping/schema';
import type { Catalog } from '../platforms/types';
import type { JournalEntry } from './journal-schema';

export interface HandoffDb extends DBSchema {
  mappings: { key: string; value: Mapping; indexes: { 'by-platform-object': [string, string] } };
  catalogs: { key: [string, string, string]; value: Catalog };
  journal: {
    key: number;
    value: JournalEntry;
    indexes: { 'by-record': string; 'by-at': number };
  };
  /** Which (record, message, context) was already handled: the same context never runs twice. */
  seen: { key: string; value: { key: string; journalId: number; at: number } };
  /** The settings file (DESIGN §6) as one row, validated when read. */
  settings: { key: string; value: unknown };
  /** Credentials an admin entered (a Kustomer API key): never sent to a page, never shown again in full. */
  secrets: { key: string; value: { key: string; value: string; savedAt: number } };
}

export const DB_NAME = 'handoff-fields';
export const DB_VERSION = 2;

type Migration = (db: IDBPDatabase<HandoffDb>) => void;

/** migrations[n] upgrades a database from version n to n + 1. */
const migrations: Migration[] = [
  (db) => {
    db.createObjectStore('mappings', { keyPath: 'id' }).createIndex('by-platform-object', [
      'platform',
      'object',
    ]);
    db.createObjectStore('catalogs', { keyPath: ['platform', 'org', 'object'] });
    const journal = db.createObjectStore('journal', { keyPath: 'id', autoIncrement: true });
    // multiEntry: an entry is found from the record the widget was on and from the record written.
    journal.createIndex('by-record', 'recordKeys', { multiEntry: true });
    journal.createIndex('by-at', 'at');
    db.createObjectStore('seen', { keyPath: 'key' });
  },
  (db) => {
    db.createObjectStore('settings');
    db.createObjectStore('secrets', { keyPath: 'key' });
  },
];

export type Db = IDBPDatabase<HandoffDb>;

export function openHandoffDb(name = DB_NAME): Promise<Db> {
  return openDB<HandoffDb>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      for (let v = oldVersion; v < DB_VERSION; v++) migrations[v]?.(db);
    },
  });
}
