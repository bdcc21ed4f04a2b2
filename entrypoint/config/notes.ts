// What the loader tells about the files it read without refusing them: the run logs these, `check` and `config` print them.

export type ConfigNote =
  /** The file uses YAML 1.1-only forms (`debug: yes`), read as SUSE's DMS reads them; one note per file. */
  | { kind: 'yaml-1.1'; source: string; forms: string[] }
  /** The file says `debug: true`, which only the command line can ask for (a run would otherwise hold unattended). */
  | { kind: 'debug-ignored'; source: string };

/** The one line that says what the note means and, where it applies, what to do. */
export function noteText(note: ConfigNote): string {
  switch (note.kind) {
    case 'yaml-1.1':
      return `${note.source} uses YAML 1.1 forms, read as SUSE's DMS (PyYAML) reads them: ${note.forms.join(', ')}`;
    case 'debug-ignored':
      return `debug: true in ${note.source} is ignored: a run holds for debugging only when that run is started with --debug (migrate --debug)`;
  }
}
