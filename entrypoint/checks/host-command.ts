// Commands a report suggests to run on the host: words joined as a shell reads them, names quoted only when needed.

const PLAIN = /^[A-Za-z0-9._/:@%+=,-]+$/;

/** One word as the shell reads it: unchanged when plain, else in single quotes. */
export function shellWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line to copy into a root shell on the host. */
export function hostCommand(...words: string[]): string {
  return words.map(shellWord).join(' ');
}
