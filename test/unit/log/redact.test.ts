// Redaction of secrets in options, URLs, key=value text, proxies and network configuration, JSON kept valid.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redactArgv, redactJson, redactText, redactUrl, redactValue } from '../../../entrypoint/log/redact.js';

test('registration codes and passwords in options are masked', () => {
  assert.equal(redactArgv(['SUSEConnect', '--regcode', 'ABC-123', '--password=hunter2', '-p', 'SLES/15.7/x86_64']), [
    'SUSEConnect',
    '--regcode',
    '***',
    '--password=***',
    '-p',
    'SLES/15.7/x86_64',
  ]);
});

test('credentials in URLs and key=value secrets are masked, JSON stays valid', () => {
  assert.is(redactText('http_proxy=http://bob:s3cret@proxy:3128'), 'http_proxy=http://bob:***@proxy:3128');
  const json = JSON.stringify({ msg: 'password=topsecret and regcode: XYZ', level: 30 });
  const safe = redactText(json);
  assert.not.ok(safe.includes('topsecret'));
  assert.not.ok(safe.includes('XYZ'));
  assert.equal(JSON.parse(safe).level, 30);
});

test('secret options written out in free text are masked', () => {
  assert.is(
    redactText('Calling: SUSEConnect --regcode ABCD-1234 --url https://scc'),
    'Calling: SUSEConnect --regcode *** --url https://scc',
  );
  assert.is(redactText('run SUSEConnect -r ABCD-1234 to register'), 'run SUSEConnect -r *** to register');
  assert.is(redactText('zypper -r repo-alias in x'), 'zypper -r repo-alias in x', 'zypper -r is a repository, not a secret');
  assert.is(redactText('--password=hunter2'), '--password=***');
});

test('proxy credentials are masked, with or without a scheme, also JSON-escaped; placeholders in hints stay', () => {
  assert.is(redactText('HTTP_PROXY="bob:s3cret@proxy:3128"'), 'HTTP_PROXY="bob:***@proxy:3128"');
  assert.is(
    redactText('https_proxy=http://bob:s3cret@proxy:3128 no_proxy=localhost,127.0.0.1'),
    'https_proxy=http://bob:***@proxy:3128 no_proxy=localhost,127.0.0.1',
  );
  const json = redactText(JSON.stringify({ msg: 'HTTP_PROXY="bob:s3cret@proxy:3128" proxy_password="pw1"' }));
  assert.not.ok(json.includes('s3cret') || json.includes('pw1'), json);
  assert.ok(JSON.parse(json));
  assert.is(redactText('proxy-password: hunter2'), 'proxy-password: ***');
  assert.is(redactText('Using proxy bob:s3cret@10.0.0.1:3128'), 'Using proxy bob:***@10.0.0.1:3128');
  assert.is(redactText('at 08:28:12 user@host:/path and SLES:15 ok'), 'at 08:28:12 user@host:/path and SLES:15 ok');
  assert.is(redactText('register with SUSEConnect -r <REGISTRATION_CODE>'), 'register with SUSEConnect -r <REGISTRATION_CODE>');
  assert.is(redactText('SUSEConnect -r REAL-CODE-1'), 'SUSEConnect -r ***');
});

test('network secrets of wicked, NetworkManager and wicked2nm output are masked, in text and in JSON lines', () => {
  const cases: [string, string][] = [
    ["WIRELESS_WPA_PSK='s3cret phrase' STARTMODE=auto", 'WIRELESS_WPA_PSK=*** STARTMODE=auto'],
    ['WIRELESS_KEY_0=abcdef WIRELESS_WPA_PASSWORD="p w"', 'WIRELESS_KEY_0=*** WIRELESS_WPA_PASSWORD=***'],
    ['[wifi-security]\npsk=hunter22\nwep-key0=0123456789', '[wifi-security]\npsk=***\nwep-key0=***'],
    ['<wpa-psk><passphrase>top secret</passphrase></wpa-psk>', '<wpa-psk><passphrase>***</passphrase></wpa-psk>'],
    ["BOOTPROTO='static' IPADDR=192.0.2.10/24", "BOOTPROTO='static' IPADDR=192.0.2.10/24"],
    ['output:\npassword=hunter2', 'output:\npassword=***'],
  ];
  for (const [input, expected] of cases) {
    assert.is(redactText(input), expected);
    const json = redactText(JSON.stringify({ msg: input, level: 30 }));
    assert.is((JSON.parse(json) as { msg: string }).msg, expected, `as JSON: ${json}`);
  }
});

test('URLs lose their query string (SCC and CDN tokens) and the password of their userinfo, also a password with @, / or a space', () => {
  assert.is(
    redactText('baseurl=https://updates.suse.com/SUSE/Products/x/product?exp=1765000000~acl=/SUSE/*~hmac=9f3b6c'),
    'baseurl=https://updates.suse.com/SUSE/Products/x/product?***',
  );
  assert.is(redactText('https://updates.suse.com/SUSE/Updates/x/update?Z2VoZWltZXM'), 'https://updates.suse.com/SUSE/Updates/x/update?***');
  assert.is(redactText('https://admin:p@ss/w0rd@rmt.example.com/repo/?x'), 'https://admin:***@rmt.example.com/repo/?***');
  assert.is(redactText('HTTP_PROXY="http://bob:p@ss/w rd@proxy:3128"'), 'HTTP_PROXY="http://bob:***@proxy:3128"');
  assert.is(
    redactUrl('https://scc.suse.com/connect/systems/products/offline_migrations'),
    'https://scc.suse.com/connect/systems/products/offline_migrations',
  );
  assert.is(redactText('a path?query and user@host:/x'), 'a path?query and user@host:/x', 'no scheme, no URL');
});

test('quoted secret values are masked whole; a value ending a JSON string never breaks the JSON', () => {
  assert.is(redactText('password="p w / @ x" next=1'), 'password=*** next=1');
  assert.is(redactText("proxy_password='a b'"), 'proxy_password=***');
  for (const msg of ['psk=', 'password=', 'psk="', 'x psk=\\']) {
    const line = JSON.stringify({ msg, level: 30, other: 'kept' });
    assert.equal(JSON.parse(redactJson(line)).other, 'kept', line);
  }
  assert.equal(redactValue({ a: ['psk=top', { b: 'https://h/p?tok' }], n: 3 }), { a: ['psk=***', { b: 'https://h/p?***' }], n: 3 });
});

test.run();
