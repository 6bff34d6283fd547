/**
 * A record's read handed over to the next read of the same record, so one handoff reads each
 * record once.
 *
 * resolveTargets reads the conversation (to find its customer), and the engine reads the same
 * conversation again straight after to plan the fill; a prefetch (asked while the engine reads the
 * conversation's messages, when the page shows what may be a context) reads the conversation and
 * then its customer early. Each answer is handed over to the next read of that record: once,
 * within HANDOVER_MS, and only while no write **of that record** has started or ended since it was
 * asked for — so the read-back that verifies a write, and the read again after a conflict, always
 * ask Kustomer, while the conversation's write does not send its customer's read back to Kustomer
 * (the two records' writes run side by side). A write names the `rev` it was planned from, so a
 * record changed by someone else in between is refused as a conflict and read again.
 */
import { recordKey } from '../record-key';
import type { RecordRef } from '../types';

export const HANDOVER_MS = 2_000;

/**
 * Records whose write generation is remembered, at most (a record no read waits for needs none).
 * Past it every generation is forgotten at once and reads asked before are no longer handed over:
 * a bound on a shift's memory that costs at worst one extra GET.
 */
const MAX_TRACKED = 500;

/** The moment a read was asked: compared with the record's writes when its answer is used. */
export interface Ask {
  epoch: number;
}

export function readHandover<T>(now: () => number) {
  const memos = new Map<string, { data: T; at: number; ask: Ask }>();
  /** Reads asked early (prefetch), per record: kept until they settle (a failed one is not used). */
  const asked = new Map<string, Promise<T>>();
  /** Per record, the epoch of its last write start or end. */
  const lastWrite = new Map<string, number>();
  let epoch = 0;
  /** Asks before this epoch are not handed over (the generations were forgotten). */
  let floor = 0;

  const valid = (key: string, ask: Ask) =>
    ask.epoch >= floor && (lastWrite.get(key) ?? -1) <= ask.epoch;
  const usable = (key: string) => {
    const memo = memos.get(key);
    return memo && valid(key, memo.ask) && now() - memo.at <= HANDOVER_MS ? memo.data : undefined;
  };
  const touched = (key: string) => {
    if (lastWrite.size >= MAX_TRACKED && !lastWrite.has(key)) {
      lastWrite.clear();
      memos.clear();
      floor = epoch + 1;
    }
    epoch += 1;
    lastWrite.set(key, epoch);
  };

  return {
    /** Taken when a read is asked for, and handed back to handOver with its answer. */
    ask: (): Ask => ({ epoch }),
    handOver(target: RecordRef, data: T, ask: Ask) {
      const at = now();
      for (const [key, memo] of memos) if (at - memo.at > HANDOVER_MS) memos.delete(key);
      const key = recordKey(target);
      if (valid(key, ask)) memos.set(key, { data, at, ask });
    },
    /** A read of `target` asked early: the reads that come meanwhile wait for it. */
    asking(target: RecordRef, read: Promise<T>) {
      const key = recordKey(target);
      asked.set(key, read);
      const done = () => {
        if (asked.get(key) === read) asked.delete(key);
      };
      read.then(done, done);
    },
    /** The record as an early or a just-answered read has it, still valid; not taken over. */
    async fresh(target: RecordRef): Promise<T | undefined> {
      const key = recordKey(target);
      await asked.get(key)?.catch(() => undefined);
      return usable(key);
    },
    /** As fresh, but used up: the next read asks Kustomer. */
    async takeOver(target: RecordRef): Promise<T | undefined> {
      const key = recordKey(target);
      await asked.get(key)?.catch(() => undefined);
      const data = usable(key);
      memos.delete(key);
      return data;
    },
    async writing<R>(target: RecordRef, write: () => Promise<R>): Promise<R> {
      const key = recordKey(target);
      touched(key);
      try {
        return await write();
      } finally {
        touched(key);
      }
    },
    /** How many records' write generations are remembered (tests of the bound). */
    tracked: () => lastWrite.size,
  };
}
