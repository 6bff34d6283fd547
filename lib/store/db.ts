/**
 * The extension's IndexedDB (background only: a content script's IndexedDB is the page's).
 * Every schema change is a new version with its own migration step; steps run in order so a
 * database at any older version reaches the current one without losing a mapping.
 */
import {
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  openDB,
  type StoreNames,
} from 'idb';
import type { Mapping } from '../mapping/schema';
import type { Catalog } from '../platforms/types';
import type { JournalEntry } from './journal-schema';
import type { QueueRow } from './queue-schema';

export interface HandoffDb extends DBSchema {
  mappings: { key: string; value: Mapping; indexes: { 'by-platform-object': [string, string] } };
  catalogs: { key: [string, string, string]; value: Catalog };
  journal: {
    key: number;
    value: JournalEntry;
    indexes: { 'by-record': string; 'by-at': number };
  };
  /** Which (record, message, context) was already handled: the same context never runs twice. */
  seen: {
    key: string;
    /** `digest`: on a message's first-seen row, the digest of its first text (edit detection). */
    value: { key: string; journalId: number; at: number; digest?: string };
    /** v3: retention deletes old rows by age. */
    indexes: { 'by-at': number };
  };
  /**
   * Keyed rows, validated when read: the settings file (docs/files.md) and the organisation's last
   * good policy (lib/store/policy.ts).
   */
  settings: { key: string; value: unknown };
  /** Credentials an admin entered (a Kustomer API key): never sent to a page, never shown again in full. */
  secrets: { key: string; value: { key: string; value: string; savedAt: number } };
  /**
   * v3: the durable write queue (lib/engine/write-queue.ts): one row per planned write, written before
   * any request is sent, so a write survives the service worker stopping and a browser restart.
   */
  queue: {
    key: string;
    value: QueueRow;
    indexes: { 'by-journal': number; 'by-due': number; 'by-settled': number };
  };
  /**
   * v4: what non-bot authors wrote, one row per conversation (the record key), as digests of
   * fingerprints (lib/store/said.ts, echo check). Never a value in clear.
   */
  said: { key: string; value: SaidRow; indexes: { 'by-at': number } };
}

/** One fingerprint digest `d` seen in message `m`, written by `by`, first seen at `at`. */
export interface Sighting {
  d: string;
  m: string;
  by: string;
  at: number;
}

/** A conversation's sightings; `at`, the newest, is what retention goes by. */
export interface SaidRow {
  conversation: string;
  at: number;
  seen: Sighting[];
}

export const DB_NAME = 'handoff-fields';
export const DB_VERSION = 4;

type Migration = (
  db: IDBPDatabase<HandoffDb>,
  tx: IDBPTransaction<HandoffDb, StoreNames<HandoffDb>[], 'versionchange'>,
) => void;

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
  (db, tx) => {
    const queue = db.createObjectStore('queue', { keyPath: 'key' });
    queue.createIndex('by-journal', 'journalId');
    // Only live rows have `due`, only settled rows `settledAt`: each index holds just those rows.
    queue.createIndex('by-due', 'due');
    queue.createIndex('by-settled', 'settledAt');
    tx.objectStore('seen').createIndex('by-at', 'at');
  },
  (db) => {
    db.createObjectStore('said', { keyPath: 'conversation' }).createIndex('by-at', 'at');
  },
];

export type Db = IDBPDatabase<HandoffDb>;

export function openHandoffDb(name = DB_NAME): Promise<Db> {
  return openDB<HandoffDb>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) migrations[v]?.(db, tx);
    },
  });
}
