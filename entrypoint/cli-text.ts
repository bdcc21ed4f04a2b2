// Untrusted text (options, file content) made safe to echo in a one-line message.

/** Control and bidi characters escaped, long values cut: the message stays one short line. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(
    /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return flat.length > max ? `${flat.slice(0, max)}... (${flat.length} characters)` : flat;
}
