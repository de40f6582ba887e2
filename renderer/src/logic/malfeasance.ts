/**
 * What to tell a smesher whose identity the network holds a malfeasance proof against: the cause in words for each
 * of go-spacemesh's five proof kinds (the API's `IdentityStatus.malicious.kind`), and what they can do. A proof is
 * final: every node gives the identity's ATXs, ballots and hare messages no weight from then on, so the advice is
 * to find how the key came to sign twice and to smesh with a new identity. Pure.
 * @module
 */

export interface MalfeasanceNotice {
  /** One sentence: what the identity did that the proof shows. */
  readonly cause: string;
  /** The usual way it happens on a home machine. */
  readonly likely: string;
}

const NOTICES: Readonly<Record<string, MalfeasanceNotice>> = {
  'multiple atxs': {
    cause: 'It published two different activations (ATXs) for the same epoch.',
    likely: 'This happens when the same identity key runs in two nodes at once, or in a copy of the node restored from a backup.',
  },
  'multiple ballots': {
    cause: 'It signed two different ballots for the same layer.',
    likely: 'This happens when the same identity key runs in two nodes at once.',
  },
  'hare equivocation': {
    cause: 'It sent two different consensus (hare) messages in the same round.',
    likely: 'This happens when the same identity key runs in two nodes at once.',
  },
  'invalid post index': {
    cause: 'Its proof of space-time did not match its PoS data.',
    likely: 'This happens when the PoS data was changed or damaged, or belongs to another identity.',
  },
  'invalid prev atx': {
    cause: 'It published two activations that build on the same earlier one.',
    likely: 'This happens when an old copy of the node (a restored backup, a second machine) smeshed with the same identity.',
  },
};

const UNKNOWN: MalfeasanceNotice = {
  cause: 'The network holds a proof that it signed conflicting messages.',
  likely: 'This usually happens when the same identity key runs in two nodes at once.',
};

/** The notice for a proof kind as the API names it (`multiple ballots`, ...); unknown kinds get a general one. */
export function malfeasanceNotice(kind: string): MalfeasanceNotice {
  return NOTICES[kind] ?? UNKNOWN;
}

/** What the user can do, the same for every kind: the proof cannot be undone. */
export const MALFEASANCE_ADVICE =
  'The network will not pay this identity again, and this cannot be undone. Stop smeshing with it, make sure no other ' +
  'node or machine uses its key file or PoS data, then set up a new identity (a new key and new PoS data) to earn again.';
