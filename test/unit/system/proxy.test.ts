// The host's /etc/sysconfig/proxy: what is exported, and how assignments are read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseProxyFile, parseShellAssignments } from '../../../entrypoint/system/proxy.js';

const SYSCONFIG = `## Path:        Network/Proxy
## Description:
# Enable a generation of the proxy settings to the profile.
PROXY_ENABLED="yes"
HTTP_PROXY="http://bob:s3cret@proxy.example.com:3128"
HTTPS_PROXY='http://proxy.example.com:3128/?a=b'
FTP_PROXY=""
GOPHER_PROXY=""
SOCKS_PROXY=""
SOCKS5_SERVER=""
NO_PROXY="localhost, 127.0.0.1"
`;

test('an enabled sysconfig proxy file exports its non-empty proxies in lower and upper case', () => {
  const proxy = parseProxyFile(SYSCONFIG);
  assert.is(proxy.enabled, true);
  assert.equal(proxy.env, {
    http_proxy: 'http://bob:s3cret@proxy.example.com:3128',
    HTTP_PROXY: 'http://bob:s3cret@proxy.example.com:3128',
    https_proxy: 'http://proxy.example.com:3128/?a=b',
    HTTPS_PROXY: 'http://proxy.example.com:3128/?a=b',
    no_proxy: 'localhost, 127.0.0.1',
    NO_PROXY: 'localhost, 127.0.0.1',
  });
});

test('PROXY_ENABLED other than yes exports nothing', () => {
  for (const value of ['"no"', '', '"true"']) {
    const proxy = parseProxyFile(SYSCONFIG.replace('PROXY_ENABLED="yes"', `PROXY_ENABLED=${value}`));
    assert.is(proxy.enabled, false, value);
    assert.equal(proxy.env, {});
  }
  assert.is(parseProxyFile('proxy_enabled=YES\nhttp_proxy=http://p:1\n').env.HTTP_PROXY, 'http://p:1', 'keys and yes are case-insensitive');
});

test('assignments: comments, blank and =-less lines skipped, quotes stripped, a second = kept in the value', () => {
  const vars = parseShellAssignments('# c\n\nnonsense\nexport A="x=y"\nB = \'q\'\nC="unterminated\n');
  assert.equal(
    [...vars],
    [
      ['a', 'x=y'],
      ['b', 'q'],
      ['c', '"unterminated'],
    ],
  );
});

test.run();
