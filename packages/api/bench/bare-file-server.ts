// The baseline for bench/media-memory.ts: a bare HTTP server that streams an upload to a file and the
// file back, with nothing else (no auth, database, checks or encryption). Prints its URL when ready.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const file = path.join(process.argv[2] ?? '.', 'upload.bin');

const server = http.createServer((req, res) => {
  const done = (error: unknown) => {
    if (error) res.destroy();
  };
  if (req.method === 'POST') {
    pipeline(req, createWriteStream(file))
      .then(() => res.writeHead(201).end())
      .catch(done);
  } else {
    stat(file)
      .then(({ size }) => {
        res.writeHead(200, { 'Content-Length': String(size) });
        return pipeline(createReadStream(file), res);
      })
      .catch(done);
  }
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
