// The baseline: a bare `ws` server that relays each message to the other sockets of its group, with no
// authentication, persistence or crypto. What the transport alone costs on this machine.
import { WebSocketServer, type WebSocket } from 'ws';
import { announceReady, serveControl } from './child-control.js';

const groups = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 * 1024 });

wss.on('connection', (socket, request) => {
  // ws://host/?group=g → the socket joins g; every message it sends goes to the others in g.
  const group = new URL(request.url ?? '/', 'http://relay').searchParams.get('group') ?? '';
  let members = groups.get(group);
  if (!members) groups.set(group, (members = new Set()));
  members.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const member of members) {
      if (member !== socket) member.send(data, { binary: isBinary });
    }
  });
  socket.on('close', () => members.delete(socket));
});

process.once('SIGTERM', () => wss.close(() => process.exit(0)));
process.once('disconnect', () => process.exit(0));
serveControl();
wss.once('listening', () => {
  const address = wss.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  announceReady(`ws://127.0.0.1:${address.port}`);
});
