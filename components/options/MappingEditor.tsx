import { type Signal, useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import { platformNames } from '../../lib/platforms/descriptor-registry';
import type { FieldSpec, PlatformId } from '../../lib/platforms/types';
import { type Target, targets } from '../popup/targets';
import { MappingForm } from '../shared/MappingForm';
import { TargetPicker } from '../shared/TargetPicker';
import { checkAgainstCatalog } from './catalog-check';
import { ManagedMapping } from './ManagedMapping';

/** The popup's target for a platform object, or one made up for an object it does not list. */
export function targetFor(platform: PlatformId, object: string): Target {
  return (
    targets.find((t) => t.platform === platform && t.object === object) ?? {
      key: `${platform}:${object}`,
      platform,
      object,
      platformName: platformNames[platform] ?? platform,
      objectName: object,
      noun: object,
    }
  );
}

interface MappingEditorProps {
  /** The mapping being edited, or null for a new one. */
  base: Mapping | null;
  /** The organisation's policy sets `base`: shown read-only, without a form or delete. */
  managed?: boolean;
  /** For a new mapping: the object it starts on (the admin may choose another). */
  initialTarget: Target;
  fieldsFor(platform: PlatformId, object: string): FieldSpec[] | undefined;
  /** The orgs whose catalogs `fieldsFor` merges, for messages that name them. */
  orgsFor(platform: PlatformId, object: string): string[];
  /** Every stored mapping: new ids avoid theirs, and two mappings may not fill one field. */
  all: readonly Mapping[];
  takenIds: ReadonlySet<string>;
  /** Saves; the owner closes the editor once saved (focus goes to the saved row), or keeps it open. */
  onSave(input: MappingInput): Promise<void>;
  onDelete(mapping: Mapping): Promise<void>;
  onClose(): void;
}

/**
 * The side panel: the popup's mapping form with the catalog combobox, the transforms and the
 * catalog check, plus delete with confirmation; a mapping the organisation's policy sets is shown
 * read-only instead (ManagedMapping). Escape closes it (the owner puts focus back).
 */
export function MappingEditor({
  base,
  managed = false,
  initialTarget,
  fieldsFor,
  orgsFor,
  all,
  takenIds,
  onSave,
  onDelete,
  onClose,
}: MappingEditorProps) {
  const target = useSignal<Target>(base ? targetFor(base.platform, base.object) : initialTarget);
  const confirming = useSignal(false);

  const t = target.value;
  const catalog = fieldsFor(t.platform, t.object);
  const label = base ? (catalog?.find((f) => f.name === base.field)?.label ?? base.field) : '';
  return (
    <section
      class="editor"
      aria-label="Mapping editor"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          if (confirming.value) confirming.value = false;
          else onClose();
        }
      }}
    >
      <div class="editor__bar">
        <button
          type="button"
          class="button button--icon"
          aria-label="Close the editor"
          title="Close (Escape)"
          onClick={onClose}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {!base && (
        <div class="editor__target">
          <TargetPicker
            value={t}
            disabled={false}
            onChange={(next) => {
              target.value = next;
            }}
          />
        </div>
      )}
      {base && managed ? (
        <ManagedMapping mapping={base} label={label} />
      ) : (
        <EditableMapping
          base={base}
          target={t}
          catalog={catalog}
          orgs={orgsFor(t.platform, t.object)}
          label={label}
          all={all}
          takenIds={takenIds}
          confirming={confirming}
          onSave={onSave}
          onDelete={onDelete}
          onClose={onClose}
        />
      )}
    </section>
  );
}

/** The form (with the catalog combobox, transforms and catalog check) and, for a stored mapping, delete. */
function EditableMapping({
  base,
  target: t,
  catalog,
  orgs,
  label,
  all,
  takenIds,
  confirming,
  onSave,
  onDelete,
  onClose,
}: Pick<MappingEditorProps, 'base' | 'all' | 'takenIds' | 'onSave' | 'onDelete' | 'onClose'> & {
  target: Target;
  catalog: FieldSpec[] | undefined;
  orgs: readonly string[];
  /** The stored mapping's field label (its API name when the catalog lacks it). */
  label: string;
  confirming: Signal<boolean>;
}) {
  return (
    <>
      <MappingForm
        key={`${base?.id ?? 'new'}|${t.key}`}
        base={base}
        target={t}
        catalog={catalog ?? []}
        catalogOrgs={orgs}
        takenIds={takenIds}
        validate={(m) => checkAgainstCatalog(m, catalog, all, { orgs, objectName: t.objectName })}
        showTransforms
        prefillOnPick
        onSave={onSave}
        onCancel={onClose}
      />
      {base && (
        <DeleteMapping base={base} label={label} confirming={confirming} onDelete={onDelete} />
      )}
    </>
  );
}

/**
 * Delete, with a confirmation; focus goes to its Cancel when it opens and back to Delete mapping
 * when it closes. `confirming` is the editor's, so Escape closes the confirmation first.
 */
function DeleteMapping({
  base,
  label,
  confirming,
  onDelete,
}: {
  base: Mapping;
  label: string;
  confirming: Signal<boolean>;
  onDelete(mapping: Mapping): Promise<void>;
}) {
  const deleting = useSignal(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming.value) cancelRef.current?.focus();
    else if (wasConfirming.current) deleteRef.current?.focus();
    wasConfirming.current = confirming.value;
  }, [confirming.value]);

  return (
    <div class="editor__danger">
      <button
        type="button"
        class="button button--neutral button--destructive-text"
        ref={deleteRef}
        disabled={deleting.value}
        onClick={() => {
          confirming.value = true;
        }}
      >
        Delete mapping
      </button>
      {confirming.value && (
        <fieldset class="confirm">
          <legend class="confirm__question">
            Delete the mapping for {label}? The field keeps its values; new handoffs no longer fill
            it.
          </legend>
          <button
            type="button"
            class="button button--destructive button--small"
            disabled={deleting.value}
            onClick={async () => {
              deleting.value = true;
              await onDelete(base);
              deleting.value = false;
              confirming.value = false;
            }}
          >
            Delete
          </button>
          <button
            type="button"
            class="button button--neutral button--small"
            ref={cancelRef}
            onClick={() => {
              confirming.value = false;
            }}
          >
            Cancel
          </button>
        </fieldset>
      )}
    </div>
  );
}
