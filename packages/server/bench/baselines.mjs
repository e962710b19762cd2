// The two baselines of server.bench.ts, each run by plain `node` (no TypeScript loader), as the server
// under test is: `node baselines.mjs bare|express` prints `READY <url>` once listening.
// - bare: node:http alone, reads and parses the JSON body, answers a fixed token-shaped JSON body;
// - express: Express 5 with agora-token, what a team writes by hand.
// The App ID and certificate come from AGORA_APP_ID / AGORA_APP_CERTIFICATE (the bench passes them).
import { createServer } from 'node:http';

const DEMO = {
  appId: process.env.AGORA_APP_ID ?? '',
  appCertificate: process.env.AGORA_APP_CERTIFICATE ?? '',
};

const FIXED = JSON.stringify({
  token: `007eJxTYBBbfeKvYkP1u2Ojc8_RzWbtUMoqW5ZwOE9p8XPNTPT8Nza${'A'.repeat(90)}`,
  appId: DEMO.appId,
  channel: 'bench-room',
  uid: 1234,
  role: 'publisher',
  issuedAt: 1_800_000_000,
  expiresAt: 1_800_003_600,
});

function bare() {
  return createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (typeof body.channel !== 'string') {
        res.writeHead(400).end();
        return;
      }
      res
        .writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          'Content-Length': String(Buffer.byteLength(FIXED)),
        })
        .end(FIXED);
    });
  });
}

async function express() {
  const { default: expressApp } = await import('express');
  const { RtcTokenBuilder, RtcRole } = (await import('agora-token')).default;
  const app = expressApp();
  app.use(expressApp.json({ limit: '8kb' }));
  app.post('/v1/tokens/rtc', (req, res) => {
    const { channel, uid, role, expiresIn } = req.body ?? {};
    if (typeof channel !== 'string' || typeof uid !== 'number' || typeof expiresIn !== 'number') {
      res.status(400).json({ error: 'invalid' });
      return;
    }
    const r = role === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER;
    const token = RtcTokenBuilder.buildTokenWithUid(
      DEMO.appId,
      DEMO.appCertificate,
      channel,
      uid,
      r,
      expiresIn,
      expiresIn,
    );
    const issuedAt = Math.floor(Date.now() / 1000);
    res.set('Cache-Control', 'no-store').json({
      token,
      appId: DEMO.appId,
      channel,
      uid,
      role,
      issuedAt,
      expiresAt: issuedAt + expiresIn,
    });
  });
  return createServer(app);
}

const kind = process.argv[2];
if (kind === 'bare' || kind === 'express') {
  const server = kind === 'bare' ? bare() : await express();
  server.listen(0, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${server.address().port}`));
}
