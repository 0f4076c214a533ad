// The ceiling for bench/http.ts: a bare Express 5 route in its own process, same machine.
import express from 'express';

const app = express();
app.get('/bare', (_req, res) => {
  res.json({ items: [], nextCursor: null });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
