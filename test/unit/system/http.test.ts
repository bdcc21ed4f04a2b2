// Requests as the host makes them: its proxy (through a real tinyproxy on loopback), NO_PROXY, and its trusted certificates (a private CA).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  bypassesProxy,
  certificatesIn,
  type HostNetwork,
  hostCertificates,
  hostRequest,
  proxiesOf,
  proxyFor,
  readHostNetwork,
} from '../../../entrypoint/system/http.js';
import { curlrcProxyUser } from '../../../entrypoint/system/proxy.js';
import { addFiles, makeRoot, removeRoot } from '../../helpers/check-root.js';
import { makePrivateCa, startTlsFront } from '../../helpers/private-ca.js';
import { startTinyproxy } from '../../helpers/tinyproxy.js';
import { SCC_PASSWORD, SCC_USER, startSccStandin } from '../../standins/index.js';

const PROXY_PASSWORD = 'pr0xy-s3cret';
const sysconfig = (proxy: string, noProxy = '') =>
  `PROXY_ENABLED="yes"\nHTTP_PROXY="${proxy}"\nHTTPS_PROXY="${proxy}"\nFTP_PROXY=""\nNO_PROXY="${noProxy}"\n`;

const SCC_QUERY = {
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    Authorization: `Basic ${Buffer.from(`${SCC_USER}:${SCC_PASSWORD}`).toString('base64')}`,
  },
  body: JSON.stringify({
    installed_products: [{ identifier: 'SLES', version: '15.7', arch: 'x86_64' }],
    target_base_product: { identifier: 'SLES', version: '16.0', arch: 'x86_64' },
  }),
  timeoutMs: 10_000,
};
const OFFLINE = '/connect/systems/products/offline_migrations';

test('proxies: enabled sysconfig proxy with credentials in the URL or, overriding them, in ~/.curlrc; none when not enabled', () => {
  const fromUrl = proxiesOf(sysconfig('http://bob:a%40b@proxy.example.com:3128', 'localhost, 127.0.0.1'), undefined);
  assert.is(fromUrl.proxies.https?.url.href, 'http://proxy.example.com:3128/', 'the URL keeps no credentials');
  assert.is(fromUrl.proxies.https?.credentials, 'bob:a@b');
  assert.is(fromUrl.noProxy, 'localhost, 127.0.0.1');
  const curlrc = '# YaST\n--proxy-user "alice:pa ss"\n';
  assert.is(proxiesOf(sysconfig('http://bob:x@proxy:3128'), curlrc).proxies.http?.credentials, 'alice:pa ss');
  assert.is(
    proxiesOf(sysconfig('proxy.example.com:3128'), undefined).proxies.http?.url.href,
    'http://proxy.example.com:3128/',
    'no scheme: http',
  );
  assert.equal(proxiesOf(sysconfig('http://p:1').replace('"yes"', '"no"'), curlrc).proxies, {});
  assert.equal(proxiesOf(undefined, undefined).proxies, {});
});

test('curlrc proxy-user: the forms curl reads, the last one wins', () => {
  assert.is(curlrcProxyUser('--proxy-user "u:p"\n'), 'u:p');
  assert.is(curlrcProxyUser('proxy-user = "u:p\\"q"\n'), 'u:p"q');
  assert.is(curlrcProxyUser('-U u:p\nproxy-user: v:w\n'), 'v:w');
  assert.is(curlrcProxyUser('# --proxy-user "u:p"\nproxy = http://x\n'), undefined);
});

test('NO_PROXY as curl and python-requests read it', () => {
  const cases: Array<[string, string, boolean]> = [
    ['scc.suse.com', '', false],
    ['scc.suse.com', '*', true],
    ['scc.suse.com', 'localhost, suse.com', true],
    ['scc.suse.com', '.suse.com', true],
    ['scc.suse.com', '*.suse.com', true],
    ['notsuse.com', 'suse.com', false],
    ['suse.com', '.suse.com', true],
    ['127.0.0.1', 'localhost', false],
    ['127.0.0.1', 'localhost, 127.0.0.1', true],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['[::1]', '::1', true],
    ['rmt.example.org', ' RMT.example.org ', true],
  ];
  for (const [host, noProxy, bypass] of cases) assert.is(bypassesProxy(host, noProxy), bypass, `${host} with NO_PROXY=${noProxy}`);
  const net: HostNetwork = { ...proxiesOf(sysconfig('http://proxy:3128', 'localhost'), undefined), certificates: [], certificateFiles: [] };
  assert.is(proxyFor(new URL('https://scc.suse.com/x'), net)?.url.host, 'proxy:3128');
  assert.is(proxyFor(new URL('http://localhost:8080/x'), net), undefined);
});

test("the host's certificates: PEM and DER anchors in both anchor directories and the system bundle, links resolved inside the root", async () => {
  const ca = await makePrivateCa();
  const root = await makeRoot({
    '/etc/pki/trust/anchors/private.pem': ca.caPem,
    '/etc/pki/trust/anchors/notes.txt': 'not a certificate\n',
    '/etc/pki/trust/anchors/linked.pem': { link: '/usr/local/share/certs/other.pem' },
    '/usr/local/share/certs/other.pem': ca.caPem,
    '/var/lib/ca-certificates/ca-bundle.pem': `${ca.caPem}${ca.caPem}`,
  });
  await mkdir(path.join(root, 'usr/share/pki/trust/anchors'), { recursive: true });
  await writeFile(path.join(root, 'usr/share/pki/trust/anchors/private.der'), ca.caDer);
  const found = await hostCertificates(root);
  assert.equal(found.certificateFiles, [
    '/usr/local/share/certs/other.pem',
    '/etc/pki/trust/anchors/private.pem',
    '/usr/share/pki/trust/anchors/private.der',
    '/var/lib/ca-certificates/ca-bundle.pem',
  ]);
  assert.is(found.certificates.length, 5);
  assert.is(new Set(found.certificates).size, 1, 'each is the CA certificate, as PEM');
  assert.equal(certificatesIn(Buffer.from('junk')), []);
  await removeRoot(root);
});

test('a request goes through the proxy (tinyproxy, Basic credentials) and NO_PROXY sends it past; without credentials the proxy refuses (407)', async () => {
  const proxy = await startTinyproxy({ user: 'bob', password: PROXY_PASSWORD });
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, offline: {} });
  const root = await makeRoot({ '/etc/sysconfig/proxy': sysconfig(`http://bob:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}`) });
  try {
    const net = await readHostNetwork(root);
    const answer = await hostRequest(`${scc.url}${OFFLINE}`, SCC_QUERY, net);
    assert.equal([answer.status, answer.text], [200, '[]']);
    assert.equal(await proxy.requests(), [`POST ${scc.url}${OFFLINE}`], 'tinyproxy forwarded the request');

    const bypass = await readHostNetwork(root).then((n) => ({ ...n, noProxy: 'localhost, 127.0.0.1' }));
    assert.is((await hostRequest(`${scc.url}${OFFLINE}`, SCC_QUERY, bypass)).status, 200);
    assert.is((await proxy.requests()).length, 1, 'NO_PROXY: not through the proxy');
    assert.is(scc.requests.length, 2);

    await addFiles(root, { '/etc/sysconfig/proxy': sysconfig(proxy.url) });
    const err = await hostRequest(`${scc.url}${OFFLINE}`, SCC_QUERY, await readHostNetwork(root)).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    assert.match(err, new RegExp(`through the proxy http://127\\.0\\.0\\.1:${proxy.port}: .*Proxy Authentication Required \\(407\\)`));
    assert.is(scc.requests.length, 2, 'without credentials the proxy refuses: the stand-in was not reached');
  } finally {
    await proxy.stop();
    await scc.close();
    await removeRoot(root);
  }
});

test("HTTPS through the proxy (CONNECT): a server certified by a private CA is trusted only with the CA among the host's anchors", async () => {
  const ca = await makePrivateCa();
  const proxy = await startTinyproxy();
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, offline: {} });
  const front = await startTlsFront(ca, scc.url);
  const root = await makeRoot({ '/etc/sysconfig/proxy': sysconfig(proxy.url) });
  try {
    const untrusted = await hostRequest(`${front.url}${OFFLINE}`, SCC_QUERY, await readHostNetwork(root)).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    assert.match(
      untrusted,
      /through the proxy http:\/\/127\.0\.0\.1:\d+: .*(self-signed certificate|unable to verify|SELF_SIGNED|UNABLE_TO)/i,
    );
    assert.is(scc.requests.length, 0);

    await addFiles(root, { '/etc/pki/trust/anchors/private-ca.pem': ca.caPem });
    const answer = await hostRequest(`${front.url}${OFFLINE}`, SCC_QUERY, await readHostNetwork(root));
    assert.equal([answer.status, answer.text], [200, '[]']);
    assert.is(scc.requests.length, 1);
    const port = new URL(front.url).port;
    assert.equal(await proxy.requests(), [`CONNECT 127.0.0.1:${port}`, `CONNECT 127.0.0.1:${port}`], 'both went through the proxy');
  } finally {
    await front.close();
    await proxy.stop();
    await scc.close();
    await removeRoot(root);
  }
});

test.run();
