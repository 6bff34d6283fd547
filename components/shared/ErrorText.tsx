/** An input's error, placed right under it and linked with aria-describedby. */
export function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p class="form-error" id={id}>
      {error}
    </p>
  );
}

/** A problem that does not block saving, under its input like an error and linked the same way. */
export function WarningText({ id, warning }: { id: string; warning: string | undefined }) {
  if (!warning) return null;
  return (
    <p class="form-warning" id={id}>
      {warning}
    </p>
  );
}

/** Joins the ids that describe an input, leaving out the absent ones. */
export const describedBy = (...ids: Array<string | undefined>): string | undefined =>
  ids.filter(Boolean).join(' ') || undefined;
