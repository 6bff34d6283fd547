/**
 * The Settings section's state as signals: the saved settings, the form (./settings-draft) and its
 * problems, and the save, which is all or nothing: the form is checked with the settings schema
 * first, then the background checks again and stores it in one step. On any refusal the form keeps
 * what the admin typed, and each problem goes next to its control (./settings-problems).
 */
import { computed, signal } from '@preact/signals';
import type { KnownAudience } from '../../lib/messaging/protocol';
import { platformDescriptors } from '../../lib/platforms/descriptor-registry';
import type { Settings, SettingsProblem } from '../../lib/settings/schema';
import type { Banner } from '../shared/BannerMessage';
import { messageOf } from '../shared/message-of';
import type { SettingsApi } from './settings-api';
import { checkDraft } from './settings-check';
import { draftOf, type ProfileKeys, type SettingsDraft, sameSettings } from './settings-draft';
import { problemsFromRefusal, within } from './settings-problems';

/** Each registered platform's transcript-profile keys, in its profile's order. */
export const profileKeys: ProfileKeys = Object.fromEntries(
  platformDescriptors().map((p) => [p.id, Object.keys(p.transcriptProfile.shape)]),
);

export function createSettingsStore(api: SettingsApi) {
  const s = settingsState();
  return {
    ...s,
    api,
    load: () => load(api, s),
    edit: (change: (draft: SettingsDraft) => SettingsDraft, path?: string) => edit(s, change, path),
    save: () => save(api, s),
    /** Makes the saved settings `settings` (an import already saved): the form shows them. */
    replaceSaved: (settings: Settings) => showSaved(s, settings),
    /** Problems the background found in the trust being tested, shown next to their controls. */
    showProblems: (problems: SettingsProblem[]) => {
      s.problems.value = problems;
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
type SettingsState = ReturnType<typeof settingsState>;

function settingsState() {
  const saved = signal<Settings | null>(null);
  const savedDraft = signal<SettingsDraft | null>(null);
  const draft = signal<SettingsDraft | null>(null);
  return {
    status: signal<'loading' | 'ready' | 'failed'>('loading'),
    saved,
    savedDraft,
    draft,
    problems: signal<SettingsProblem[]>([]),
    banner: signal<Banner | null>(null),
    saving: signal(false),
    knownAudiences: signal<KnownAudience[] | null>(null),
    /** The form says something the saved settings do not. */
    dirty: computed(() => {
      const d = draft.value;
      const base = savedDraft.value;
      return d !== null && base !== null && !sameSettings(d, base);
    }),
  };
}

function showSaved(s: SettingsState, settings: Settings) {
  s.saved.value = settings;
  s.savedDraft.value = draftOf(settings, profileKeys);
  s.draft.value = draftOf(settings, profileKeys);
  s.problems.value = [];
}

async function load(api: SettingsApi, s: SettingsState): Promise<void> {
  s.status.value = 'loading';
  // The audiences are an offer beside the form: the form does not wait for them.
  void api.knownAudiences().then(
    (known) => {
      s.knownAudiences.value = known;
    },
    () => {
      s.knownAudiences.value = [];
    },
  );
  try {
    showSaved(s, await api.get());
    s.status.value = 'ready';
  } catch (error) {
    s.status.value = 'failed';
    s.banner.value = {
      tone: 'error',
      title: 'The settings could not be read.',
      text: messageOf(error),
    };
  }
}

/** A change to the form; the problems of the control changed go (the others stay until the next save). */
function edit(
  s: SettingsState,
  change: (draft: SettingsDraft) => SettingsDraft,
  path?: string,
): void {
  const current = s.draft.value;
  if (!current) return;
  s.draft.value = change(current);
  if (path !== undefined && s.problems.value.some((p) => within(p.path, path))) {
    s.problems.value = s.problems.value.filter((p) => !within(p.path, path));
  }
}

/** Checked here, then sent whole; nothing the admin typed is replaced unless it was saved. */
async function save(api: SettingsApi, s: SettingsState): Promise<boolean> {
  const draft = s.draft.value;
  if (!draft || s.saving.value) return false;
  s.banner.value = null;
  const checked = checkDraft(draft);
  if (!checked.ok) {
    s.problems.value = checked.problems;
    return false;
  }
  s.saving.value = true;
  const before = s.saved.value;
  try {
    const saved = await api.save(checked.settings);
    // What the admin typed meanwhile is theirs: the form is replaced only when it is what was sent.
    if (s.draft.value === draft) showSaved(s, saved);
    else {
      s.saved.value = saved;
      s.savedDraft.value = draftOf(saved, profileKeys);
    }
    s.problems.value = [];
    s.banner.value = { tone: 'success', title: 'Saved.', text: savedText(before, saved) };
    return true;
  } catch (error) {
    s.problems.value = problemsFromRefusal(messageOf(error));
    return false;
  } finally {
    s.saving.value = false;
  }
}

/** What a save changes for the agents, in words. */
export function savedText(before: Settings | null, after: Settings): string {
  const origins = (x: Settings | null) => JSON.stringify(x?.postMessageOrigins ?? []);
  return origins(before) === origins(after)
    ? 'The next handoff uses these settings.'
    : 'The next handoff uses these settings; a console tab already open reads the new postMessage origins once reloaded.';
}
