/** SHA-256 of a text as hex: identifies a context without keeping it (WebCrypto: worker and pages). */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  );
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
