// Keeps one market's order book live and prints best bid/ask on every change.
// Credentials and host come from KALSHI_API_KEY_ID, KALSHI_PRIVATE_KEY_PATH and KALSHI_ENV / KALSHI_BASE_URL.
import { BookManager, formatUnits } from 'kalshi-ts/book';
import { KalshiWS } from 'kalshi-ts/ws';

const ticker = process.argv[2] ?? 'KXFED-26MAR-H0';
const ws = new KalshiWS();
const books = new BookManager();
ws.on('resync', (event) => console.error(`resync (${event.reason}); the book resnapshots by itself`));
for await (const frame of ws.subscribe('orderbook_delta', { market_tickers: [ticker] })) {
  const book = books.handle(frame) ? books.get(ticker) : undefined;
  if (book && !book.isStale) console.log(`${ticker} bid ${formatUnits(book.bestBid('yes') ?? 0)} ask ${formatUnits(book.bestAsk('yes') ?? 10_000)}`);
}
