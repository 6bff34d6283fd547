/** File types by extension: a CSV opens in a spreadsheet, a JSON in an editor. */
const types: Record<string, string> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json',
};

/** Saves a text as a download named `name`, typed by its extension. */
export function saveFile(name: string, text: string): void {
  const type = types[name.split('.').pop() ?? ''] ?? 'text/plain;charset=utf-8';
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by then; the object URL is released later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
