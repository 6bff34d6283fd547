import { useId } from 'preact/hooks';
import { type Target, targets } from '../popup/targets';

interface TargetPickerProps {
  value: Target;
  /** While a mapping is being edited, the choice waits (the form belongs to one target). */
  disabled: boolean;
  onChange(target: Target): void;
}

/**
 * Which mappings the popup shows: a segmented control built from real radio buttons, so Tab
 * reaches it once and the arrow keys move between the choices.
 */
export function TargetPicker({ value, disabled, onChange }: TargetPickerProps) {
  const name = useId();
  return (
    <fieldset class="targets" disabled={disabled}>
      <legend class="sr-only">Mappings for</legend>
      {targets.map((t) => (
        <label class="targets__choice" key={t.key}>
          <input
            type="radio"
            name={name}
            value={t.key}
            checked={t.key === value.key}
            onChange={() => onChange(t)}
          />
          <span class="targets__face">
            <span class="targets__platform">{t.platformName}</span>
            <span class="sr-only"> · </span>
            <span class="targets__object">{t.objectName}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
