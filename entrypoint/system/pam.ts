// PAM module consolidation for SLE 16 (SPEC 5.9): pam_unix_{auth,acct,session,passwd}.so became pam_unix.so.

const SPLIT_MODULE = /\bpam_unix_(?:auth|acct|session|passwd)\.so\b/g;

/** Whether a PAM file still names one of the split pam_unix modules. */
export function usesSplitPamUnix(text: string): boolean {
  return new RegExp(SPLIT_MODULE.source).test(text);
}

/** Replaces every split pam_unix module by pam_unix.so; `count` is the number of replacements. */
export function consolidatePamUnix(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(SPLIT_MODULE, () => {
    count++;
    return 'pam_unix.so';
  });
  return { text: out, count };
}
