// The exchange logs through the same interface as the SDK, so one logger object serves both.
export { silentLogger, type Logger } from 'kalshi-ts';
