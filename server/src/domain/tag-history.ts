/**
 * The undo state of a recorded tag change, from its entries' outcomes, and the labels shown to a
 * caller who may read only some of its entries.
 */

/** An entry an undo restored. */
export const RESTORED = 'restored';

/**
 * Whether an undo's skip reason settles the entry for good. Only 'not permitted' leaves it open:
 * someone who may edit it can still restore it. An entry changed since, whose stage is gone or
 * which no longer exists is not restored by anyone later, as before.
 */
export const settles = (reason: string) => reason !== 'not permitted';

export type ChangeState = 'open' | 'partially-undone' | 'undone';

export interface UndoCounts {
  /** Entries the change wrote. */
  entries: number;
  /** Entries an undo put back. */
  restored: number;
  /** Entries no undo will restore any more (changed since, stage deleted, entry gone). */
  skipped: number;
  /** Entries still to restore, by someone who may edit them. */
  remaining: number;
}

/**
 * Counts from the entries' outcomes. A change closed before entries had outcomes (or closed
 * because nothing is left) has nothing remaining; its restored count may then be unknown (null).
 */
export const undoCounts = (
  entries: number,
  outcomes: { restored: number; skipped: number },
  closed: boolean
): UndoCounts => ({
  entries,
  restored: outcomes.restored,
  skipped: outcomes.skipped,
  remaining: closed ? 0 : Math.max(0, entries - outcomes.restored - outcomes.skipped),
});

export const changeState = (counts: UndoCounts, closed: boolean): ChangeState => {
  if (closed) return 'undone';
  return counts.restored + counts.skipped > 0 ? 'partially-undone' : 'open';
};

const COUNTED = [
  // summary() in bulk-tags: "12 entries: +customer/consideration"
  {
    pattern: /^\d+ (?:entry|entries):/,
    make: (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}:`,
  },
  // the review queue: "Accepted 3 suggestions (customer)"
  {
    pattern: /^Accepted \d+ suggestions? /,
    make: (n: number) => `Accepted ${n} suggestion${n === 1 ? '' : 's'} `,
  },
];

/**
 * A change's label with its entry count replaced by what the caller may read, so that the label
 * does not tell how many entries they may not see. An undo's label carries the label of the
 * change it undid ("Undo of #12: 40 entries: ..."), whose count is replaced the same way.
 */
export const relabel = (label: string | null, count: number): string | null => {
  if (label === null) return null;
  const undo = /^(Undo of #\d+: )(.*)$/s.exec(label);
  if (undo) return `${undo[1]}${relabel(undo[2], count)}`;
  for (const { pattern, make } of COUNTED) {
    if (pattern.test(label)) return label.replace(pattern, make(count));
  }
  return label;
};

export interface Person {
  firstname: string | null;
  lastname: string | null;
  email: string | null;
}

/**
 * Who made or undid a change, as a caller sees it: without the right to read admin users, the
 * name the content manager shows on an entry ("by Kai Doe"), never the e-mail address.
 */
export const visiblePerson = (person: Person | null, mayReadUsers: boolean): Person | null => {
  if (!person || mayReadUsers) return person;
  return { firstname: person.firstname, lastname: person.lastname, email: null };
};
