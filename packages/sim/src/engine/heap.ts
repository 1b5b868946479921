// Min-heap of order expirations. Entries are never removed in place: an amend or a cancel just
// leaves a stale entry that `popDue` skips (its time no longer matches the order's expiry).

import type { OrderRec } from './records.js';

interface Entry {
  ts: number;
  order: OrderRec;
}

// Ties break on creation order, not insertion order, so a heap rebuilt on restore pops in the
// same order as the original.
function less(a: Entry, b: Entry): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.order.createSeq < b.order.createSeq);
}

export class ExpiryHeap {
  private readonly a: Entry[] = [];

  push(order: OrderRec, ts: number): void {
    const a = this.a;
    a.push({ ts, order });
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pi = a[parent] as Entry;
      const ci = a[i] as Entry;
      if (!less(ci, pi)) break;
      a[parent] = ci;
      a[i] = pi;
      i = parent;
    }
  }

  /** Removes and returns the live resting orders whose expiry is <= now, earliest first. */
  popDue(now: number): OrderRec[] {
    const out: OrderRec[] = [];
    for (;;) {
      const top = this.a[0];
      if (top === undefined || top.ts > now) break;
      this.pop();
      const o = top.order;
      if (o.status === 'resting' && o.expirationTime === top.ts && !out.includes(o)) out.push(o);
    }
    return out;
  }

  private pop(): void {
    const a = this.a;
    const last = a.pop();
    if (last === undefined || a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && less(a[l] as Entry, a[m] as Entry)) m = l;
      if (r < a.length && less(a[r] as Entry, a[m] as Entry)) m = r;
      if (m === i) break;
      const t = a[m] as Entry;
      a[m] = a[i] as Entry;
      a[i] = t;
      i = m;
    }
  }
}
