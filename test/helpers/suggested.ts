// Runs a command a report suggests for the host against a synthetic root instead: real zypper, with --root added.
import { execa } from 'execa';

/** Runs `zypper ...` as bash reads the suggested line, with `--non-interactive --root ROOT` after `zypper`. */
export async function runSuggested(command: string, root: string): Promise<void> {
  if (!command.startsWith('zypper ')) throw new Error(`not a zypper command: ${command}`);
  const line = command.replace(/^zypper /, `zypper --non-interactive --root '${root}' `);
  await execa('bash', ['-c', line]);
}
