// Reading zypper's output: which packages came from the cache and which were downloaded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheUse } from '../../../entrypoint/stage/use.js';

test('cacheUse separates "In cache" from "Retrieving package" lines of zypper dup', () => {
  const output = [
    'Overall download size: 6.1 KiB. Already cached: 1.1 MiB. After the operation, additional 2.0 KiB will be used.',
    'Continue? [y/n/v/...? shows all options] (y): y',
    'In cache filesystem-15.7-150700.1.1.noarch.rpm (1/3),   8.1 KiB (    0   B unpacked)',
    'Retrieving package timezone-2025b-150700.2.1.noarch (2/3),   6.1 KiB (   16   B unpacked)',
    'Retrieving: timezone-2025b-150700.2.1.noarch.rpm [done]',
    'In cache busybox-1.35.0-150700.3.1.x86_64.rpm (3/3), 1013.7 KiB (  1.9 MiB unpacked)',
    '(1/3) Installing: filesystem-15.7-150700.1.1.noarch [done]',
  ].join('\n');
  assert.equal(cacheUse(output), {
    fromCache: ['filesystem-15.7-150700.1.1.noarch.rpm', 'busybox-1.35.0-150700.3.1.x86_64.rpm'],
    downloaded: ['timezone-2025b-150700.2.1.noarch'],
  });
  assert.equal(cacheUse('Nothing to do.\n'), { fromCache: [], downloaded: [] });
});

test.run();
