// The built test images have every program and path of the manifest (system/image-manifest.ts) where the program looks, but the stand-ins' ones.
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IMAGE_PATHS, IMAGE_PROGRAMS, type ImageNeed } from '../../entrypoint/system/image-manifest.js';
import { sle16TestImage, testImage } from '../helpers/run-image.js';

/** What of `needs` is missing in `image`: programs by `command -v` (absolute ones by `test -x`), paths by `test -e`. */
async function missingIn(image: string, needs: [string, ImageNeed, 'program' | 'path'][]): Promise<string[]> {
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const script = needs
    .map(([name, , kind]) => {
      const probe =
        kind === 'path' ? `test -e ${q(name)}` : name.startsWith('/') ? `test -x ${q(name)}` : `command -v ${q(name)} >/dev/null`;
      return `${probe} || echo ${q(name)}`;
    })
    .join('\n');
  // The image's own shell, not its entrypoint: nothing of the program runs.
  const r = await execa('podman', ['run', '--rm', '--network', 'none', '--entrypoint', '/bin/sh', image, '-c', script]);
  return r.stdout.split('\n').filter(Boolean).sort();
}

function needs(sle16: boolean): [string, ImageNeed, 'program' | 'path'][] {
  return [
    ...Object.entries(IMAGE_PROGRAMS).map(([n, need]) => [n, need, 'program'] as [string, ImageNeed, 'program']),
    ...Object.entries(IMAGE_PATHS).map(([n, need]) => [n, need, 'path'] as [string, ImageNeed, 'path']),
  ].filter(([, need]) => sle16 || !need.sle16);
}

for (const [label, image, sle16] of [
  ['SLE 15', testImage(), false],
  ['SLE 16', sle16TestImage(), true],
] as const) {
  test(`${label} test image: every program and path of the manifest is there, but those SUSE-only ones the tests replace by stand-ins`, async () => {
    const all = needs(sle16);
    const standIns = all
      .filter(([, need]) => need.standIn)
      .map(([name]) => name)
      .sort();
    assert.ok(standIns.length > 0);
    // Exactly the stand-ins' programs are missing: one more would be a program the image lacks, one less a stand-in too many.
    assert.equal(await missingIn(image, all), standIns);
  });
}

test.run();
