/** The `kalshi` executable. */
import { run } from './cli.js';

// `kalshi markets list | head` closes the pipe early: that is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await run(process.argv.slice(2));
// Exit once both streams have flushed (pipes are asynchronous on some platforms), without waiting
// for sockets or timers a command may have left behind.
let pending = 2;
const done = () => {
  if (--pending === 0) process.exit(code);
};
process.stdout.write('', done);
process.stderr.write('', done);
