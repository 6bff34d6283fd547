import type { ComponentChild } from 'preact';

/**
 * A handoff context's values as a key / value table (the QA detail view, the test bench), each
 * value shown the way its page shows values. Nothing when there is no value.
 */
export function ContextValuesTable<T>({
  caption,
  className,
  values,
  render,
}: {
  caption: string;
  className: string;
  values: readonly (readonly [string, T])[];
  render(value: T): ComponentChild;
}) {
  if (values.length === 0) return null;
  return (
    <table class={`table ${className}`}>
      <caption class="table__caption">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {values.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{render(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
