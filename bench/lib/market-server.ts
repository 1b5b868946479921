/**
 * A minimal HTTP server answering every GET with the same ~1.5 KB market body, run in a child
 * process so the client under test has a core of its own. Prints its port over IPC.
 */
import { createServer } from 'node:http';

const market = {
  ticker: 'KXBENCH-26JAN01-T50', event_ticker: 'KXBENCH-26JAN01', market_type: 'binary',
  title: 'Will the benchmark market settle above 50?', subtitle: 'Above 50', yes_sub_title: 'Above 50', no_sub_title: '50 or below',
  open_time: '2026-01-01T00:00:00Z', close_time: '2026-12-31T00:00:00Z', expected_expiration_time: '2026-12-31T00:00:00Z',
  expiration_time: '2027-01-07T00:00:00Z', latest_expiration_time: '2027-01-07T00:00:00Z', settlement_timer_seconds: 3600,
  status: 'active', response_price_units: 'usd_cent', yes_bid_dollars: '0.5600', yes_ask_dollars: '0.5800', no_bid_dollars: '0.4200',
  no_ask_dollars: '0.4400', last_price_dollars: '0.5700', previous_yes_bid_dollars: '0.5500', previous_yes_ask_dollars: '0.5700',
  previous_price_dollars: '0.5600', volume_fp: '125340.00', volume_24h_fp: '8341.00', liquidity_dollars: '45210.5500',
  open_interest_fp: '45120.00', result: '', can_close_early: true, expiration_value: '', category: 'Economics',
  rules_primary: 'If the benchmark value is above 50 on the expiration date, the market resolves to Yes.',
  rules_secondary: 'The value is read from the official source at the time shown.', notional_value_dollars: '1.0000',
  tick_size: 1, price_level_structure: 'linear_cent', price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
  yes_bid_size_fp: '120.00', yes_ask_size_fp: '80.00', strike_type: 'greater', floor_strike: 50,
};
const body = Buffer.from(JSON.stringify({ market }));

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0, bytes: body.length });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
