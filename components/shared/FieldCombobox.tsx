import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { FieldSpec } from '../../lib/platforms/types';
import { findFieldSpec } from '../popup/mapping-draft';
import { type PlatformWords, type Target, wordsFor } from '../popup/targets';
import { describedBy, ErrorText, WarningText } from './ErrorText';
import { didYouMean, missingFieldText, noCatalogText } from './field-suggestion';

export interface FieldInputProps {
  id: string;
  /** The platform object the field belongs to: its words label and explain the input. */
  target: Target;
  value: string;
  /** The object's fields: the suggestions, and what the typed name is checked against. */
  catalog: readonly FieldSpec[];
  /**
   * The orgs whose catalogs of the object `catalog` holds (the options page, which knows them):
   * then a name the catalog lacks is called what it is, refused at every handoff, and an object
   * without a catalog says so. Absent (the popup), the background's word is used: it reads the
   * fields again when a handoff names one it does not know.
   */
  catalogOrgs?: readonly string[];
  error?: string;
  /** A problem that does not block saving (e.g. from the options page's catalog check). */
  warning?: string;
  onInput(value: string): void;
}

/** At most this many suggestions are listed; typing narrows them. */
const MAX_OPTIONS = 100;

/**
 * The writable fields whose label or API name contains every word of the query, those that start
 * with it first, then in the catalog's order.
 */
export function matchFields(fields: readonly FieldSpec[], query: string): FieldSpec[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const writable = fields.filter((f) => f.updateable && !f.calculated);
  if (words.length === 0) return writable.slice(0, MAX_OPTIONS);
  const first = words[0] as string;
  const starts: FieldSpec[] = [];
  const contains: FieldSpec[] = [];
  for (const f of writable) {
    const label = f.label.toLowerCase();
    const name = f.name.toLowerCase();
    const text = `${label} ${name}`;
    if (!words.every((w) => text.includes(w))) continue;
    (label.startsWith(first) || name.startsWith(first) ? starts : contains).push(f);
  }
  return [...starts, ...contains].slice(0, MAX_OPTIONS);
}

/** How many of a field's values may still be written: inactive ones are refused. */
export const activeCount = (f: FieldSpec): number =>
  f.options ? f.options.filter((o) => o.active).length : 0;

/** "picklist · 4 values", "Str", "Tree · 9 values": the values that may still be written. */
export const typeText = (f: FieldSpec) => {
  if (!f.options) return f.type;
  const n = activeCount(f);
  return `${f.type} · ${n} ${n === 1 ? 'value' : 'values'}`;
};

/**
 * The target field (Salesforce) or attribute (Kustomer), chosen from the catalog (ARIA 1.2
 * combobox with a list box), in the popup and the options page alike: type part of the label or
 * API name, the arrow keys move through the matches, Enter chooses the highlighted one (it never
 * submits the form then), Escape closes the list. Each match shows its label, API name and type.
 * Free text stays allowed, because the catalog may be empty or older than the org.
 */
export function FieldCombobox({
  id,
  target,
  value,
  catalog,
  catalogOrgs,
  error,
  warning,
  onInput,
}: FieldInputProps) {
  const words = wordsFor(target.platform);
  const spec = findFieldSpec(catalog, value);
  const combo = useCombobox(id, catalog, spec, onInput);
  const { expanded, active } = combo;
  const hintId = `${id}-hint`;
  const hint = fieldHint(words, target, catalog, value, spec, catalogOrgs);
  // Once the same words show as the input's error or warning, the hint would only repeat them.
  const showHint = hint !== error && hint !== warning;

  return (
    <div class="form-row combo">
      <label class="form-label" for={id} id={`${id}-label`}>
        Target {words.fieldNoun} ({target.noun})
      </label>
      <div class="combo__box">
        <input
          id={id}
          class="input"
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={combo.listId}
          aria-activedescendant={
            expanded && active.value >= 0 ? combo.optionId(active.value) : undefined
          }
          value={value}
          autocomplete="off"
          spellcheck={false}
          placeholder={words.placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(
            showHint ? hintId : undefined,
            warning ? `${id}-warning` : undefined,
            error ? `${id}-error` : undefined,
          )}
          onInput={(e) => combo.typed(e.currentTarget.value)}
          onClick={() => {
            if (!expanded) combo.openList();
          }}
          onKeyDown={combo.onKeyDown}
          onBlur={combo.close}
        />
        <MatchList id={id} combo={combo} />
      </div>
      {showHint && (
        <p class="form-hint" id={hintId}>
          {hint}
        </p>
      )}
      <WarningText id={`${id}-warning`} warning={warning} />
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/**
 * What the hint under the target input says: the chosen field's label, type and active values, or
 * what to type, or why the name cannot be right (with the field it probably means).
 */
export function fieldHint(
  words: PlatformWords,
  target: Pick<Target, 'platformName' | 'objectName'>,
  catalog: readonly FieldSpec[],
  value: string,
  spec: FieldSpec | undefined,
  catalogOrgs?: readonly string[],
): string {
  if (value.trim() === '') return catalog.length === 0 ? words.noCatalog : words.startTyping;
  if (!spec) {
    const problem = words.nameProblem(value);
    if (problem) return problem;
    if (catalog.length === 0) {
      return catalogOrgs ? noCatalogText(target.platformName, target.objectName) : words.noCatalog;
    }
    if (catalogOrgs) return missingFieldText(target.objectName, catalogOrgs, catalog, value);
    const guess = didYouMean(catalog, value);
    return guess ? `${words.notInCatalog} ${guess}` : words.notInCatalog;
  }
  if (!spec.updateable || spec.calculated) {
    return `${spec.label} · ${spec.type} — read-only: ${words.platformName} will refuse every value.`;
  }
  return `${spec.label} · ${typeText(spec)}`;
}

type Combobox = ReturnType<typeof useCombobox>;

/**
 * The list's state: open or not, what was typed since it opened (it filters the matches), and the
 * active option, moved by the arrow keys and kept in view.
 */
function useCombobox(
  id: string,
  catalog: readonly FieldSpec[],
  spec: FieldSpec | undefined,
  onInput: (value: string) => void,
) {
  const open = useSignal(false);
  /** What the admin typed since the list opened: it filters the list. Empty after a choice. */
  const query = useSignal('');
  const active = useSignal(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const matches = useMemo(() => matchFields(catalog, query.value), [catalog, query.value]);
  const expanded = open.value && matches.length > 0;
  const optionId = (i: number) => `${id}-option-${i}`;

  useEffect(() => {
    if (!expanded || active.value < 0) return;
    listRef.current
      ?.querySelector(`[id="${optionId(active.value)}"]`)
      ?.scrollIntoView?.({ block: 'nearest' });
  });

  const combo = {
    active,
    matches,
    expanded,
    listRef,
    listId: `${id}-listbox`,
    optionId,
    choose(f: FieldSpec) {
      onInput(f.name);
      query.value = '';
      open.value = false;
      active.value = -1;
    },
    openList() {
      open.value = true;
      const current = spec ? matches.findIndex((f) => f.name === spec.name) : -1;
      active.value = Math.max(current, 0);
    },
    close() {
      open.value = false;
    },
    /** Free text stays allowed: what is typed is the value, and filters the list. */
    typed(text: string) {
      onInput(text);
      query.value = text;
      open.value = true;
      active.value = text.trim() === '' ? -1 : 0;
    },
    onKeyDown: (e: KeyboardEvent) => comboKey(e, combo),
  };
  return combo;
}

/** ↑ ↓ open the list or move in it, Enter chooses, Escape closes the list, Tab leaves it. */
function comboKey(e: KeyboardEvent, combo: Combobox): void {
  const { active, expanded, matches } = combo;
  switch (e.key) {
    case 'ArrowDown':
      e.preventDefault();
      if (!expanded) combo.openList();
      else active.value = Math.min(active.value + 1, matches.length - 1);
      break;
    case 'ArrowUp':
      e.preventDefault();
      if (!expanded) combo.openList();
      else active.value = Math.max(active.value - 1, 0);
      break;
    case 'Enter': {
      const hit = expanded ? matches[active.value] : undefined;
      if (hit) {
        e.preventDefault(); // chooses, does not submit the form
        combo.choose(hit);
      }
      break;
    }
    case 'Escape':
      if (expanded) {
        e.preventDefault();
        e.stopPropagation(); // closes the list, not the panel around it
        combo.close();
      }
      break;
    case 'Tab':
      combo.close();
      break;
  }
}

/** The matches, each with its label, API name and type. */
function MatchList({ id, combo }: { id: string; combo: Combobox }) {
  const { expanded, active } = combo;
  return (
    <div
      class="combo__list"
      id={combo.listId}
      role="listbox"
      ref={combo.listRef}
      aria-labelledby={`${id}-label`}
      hidden={!expanded}
      // Keeps the focus in the input while an option is clicked.
      onMouseDown={(e) => e.preventDefault()}
    >
      {expanded &&
        combo.matches.map((f, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard chooses from the input (aria-activedescendant); a click is the mouse's way
          <div
            key={f.name}
            id={combo.optionId(i)}
            role="option"
            class={i === active.value ? 'combo__option combo__option--active' : 'combo__option'}
            aria-selected={i === active.value}
            tabIndex={-1}
            data-name={f.name}
            onClick={() => combo.choose(f)}
          >
            <span class="combo__label">{f.label}</span>
            <code class="combo__api">{f.name}</code>
            <span class="combo__type">{typeText(f)}</span>
          </div>
        ))}
    </div>
  );
}
