// A tiny Node.js program: name resolution, CA roots and time zones on a minimal image.
const dns = require('node:dns');
const tls = require('node:tls');

console.log('Hello from Distill (Node.js)!');
if (process.argv[2] === 'features') {
  const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: 'numeric' }).format(new Date(0));
  console.log(`time zone Europe/Paris: ${paris.startsWith('01') ? 'ok' : 'FAILED'}`);
  console.log(`ca roots: ${tls.rootCertificates.length > 0 ? 'ok' : 'FAILED'}`);
  dns.lookup('localhost', (err, address) => console.log(`resolve localhost: ${err ? 'FAILED' : address}`));
}
