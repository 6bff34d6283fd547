/**
 * The panel's **Connect** (mount.tsx wires it): runs the platform's sign-in in the background
 * (`auth:connect`, which opens the sign-in window and, once connected, wakes the writes that
 * waited), then tries the open record's handoff again (`handoff:retry`) and shows its new view.
 * The requests are passed in, so the order is tested without a browser.
 */
import type { Signal } from '@preact/signals';
import type { HandoffView, SignInRequest } from '../../lib/handoff/types';
import type { ConnectResult } from '../../lib/messaging/protocol';
import type { request } from '../../lib/messaging/request';
import type { RecordRef } from '../../lib/platforms/types';
import { connectFailure, type SignInProgress } from './sign-in';

export interface ConnectDeps {
  /** Where the sign-in stands: the panel's button and line follow it. */
  progress: Signal<SignInProgress>;
  /** The faces' request (lib/messaging/request.ts). */
  send: typeof request;
  /** Runs a request for the open record and shows its answer (or its failure) in the panel. */
  show(run: (record: RecordRef) => Promise<HandoffView>): Promise<void>;
  /** The record open now. */
  record(): RecordRef | null;
}

/**
 * One sign-in at a time: a second press while the window is open does nothing. When the agent
 * opened another record meanwhile, the answer is not shown there (that panel has its own state);
 * the background has woken the waiting writes anyway.
 */
export async function connectAndRetry(deps: ConnectDeps, signIn: SignInRequest): Promise<void> {
  if (deps.progress.value.step === 'connecting') return;
  const forRecord = deps.record();
  deps.progress.value = { step: 'connecting', signIn };
  let result: ConnectResult;
  try {
    result = await deps.send({ type: 'auth:connect', platform: signIn.platform, org: signIn.org });
  } catch (error) {
    result = { connected: false, notice: connectFailure(error) };
  }
  if (deps.record() !== forRecord) return;
  if (!result.connected) {
    deps.progress.value = { step: 'failed', signIn, notice: result.notice };
    return;
  }
  deps.progress.value = { step: 'connected', signIn, user: result.user };
  await deps.show((record) => deps.send({ type: 'handoff:retry', record }));
}
