// The boot server's HTTP side for the PXE boot test, run inside the lab namespace:
// `node boot-http.mjs ROOT ADDRESS PORT`. Serves files under ROOT read-only and logs one line per
// request ("http <client> GET <path> <status>"), which the test reads as proof of each fetch.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

const [root, host, port] = process.argv.slice(2);
createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://boot').pathname));
  const client = req.socket.remoteAddress;
  try {
    if (path.split('/').includes('..')) throw new Error('outside root');
    const body = await readFile(join(root, path));
    console.log(`http ${client} ${req.method} ${path} 200 ${body.length}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length }).end(body);
  } catch {
    console.log(`http ${client} ${req.method} ${path} 404`);
    res.writeHead(404, { 'content-length': 0 }).end();
  }
}).listen(Number(port), host, () => console.log(`http listening on ${host}:${port}`));
