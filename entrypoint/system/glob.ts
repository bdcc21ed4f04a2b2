// Regular expressions from literal text: a name matched as written, and shell-style globs built on it.

/** `text` as a RegExp source that matches exactly that text. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Shell-style glob (`*` any run of characters, `?` one character) to an anchored RegExp, for names in one directory or list. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${escapeRegExp(glob).replace(/\\\*/g, '.*').replace(/\\\?/g, '.')}$`);
}
