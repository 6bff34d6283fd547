/** A refused import's problems, one a line, announced: shared by the mappings and settings imports. */
export function ImportErrors({ errors }: { errors: readonly string[] }) {
  return (
    <div role="alert">
      <p>
        Fix {errors.length === 1 ? 'this problem' : `these ${errors.length} problems`} in the file,
        then import it again:
      </p>
      <ul class="import__errors">
        {errors.map((line) => (
          <li key={line}>
            <code>{line}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
