/**
 * Registrations per round (docs/protocol/poet.md §2): one challenge per node id per round, kept in memory for fast checks
 * and appended to the round's member log before a registration is acknowledged. Writes for one round are
 * serialised, and closing a round waits for them, so a registration acknowledged before the round started is in
 * its statement. I/O through {@link RoundStore}.
 * @module
 */
import { bytesToHex, equalBytes } from '../util/bytes.js';
import { PoetError } from './errors.js';
import { type Member, sortMembers } from './membership.js';
import type { RoundStore } from './roundStore.js';

interface RoundMembers {
  readonly byNode: Map<string, Member>;
  closed: boolean;
  /** The tail of this round's write chain. */
  writes: Promise<void>;
}

/** What a registration attempt did. */
export type RegisterOutcome = 'registered' | 'already-registered';

export class Registry {
  private readonly rounds = new Map<number, Promise<RoundMembers>>();

  /**
   * @param store - where members are persisted
   * @param maxMembers - registrations one round accepts
   */
  constructor(
    private readonly store: RoundStore,
    private readonly maxMembers: number,
  ) {}

  /**
   * Registers `member` in `round` and resolves once it is durable. The same challenge again is accepted and
   * changes nothing (clients retry).
   * @throws {PoetError} ALREADY_REGISTERED for another challenge of the same node id, ROUND_FULL, TOO_LATE when the
   *   round has closed; the fs error when it cannot be persisted (the registration is then dropped again)
   */
  async register(round: number, member: Member): Promise<RegisterOutcome> {
    const state = await this.load(round);
    const key = bytesToHex(member.nodeId);
    const existing = state.byNode.get(key);
    if (existing !== undefined) {
      if (equalBytes(existing.challenge, member.challenge)) return 'already-registered';
      throw new PoetError('ALREADY_REGISTERED', `node ${key.slice(0, 16)}… already registered another challenge in round ${round}`);
    }
    if (state.closed) throw new PoetError('TOO_LATE', `round ${round} has already started`);
    if (state.byNode.size >= this.maxMembers) throw new PoetError('ROUND_FULL', `round ${round} has ${this.maxMembers} members`);
    const copy = { nodeId: member.nodeId.slice(), challenge: member.challenge.slice() };
    // Added before the write so a concurrent duplicate sees it.
    state.byNode.set(key, copy);
    const write = state.writes.then(() => this.store.appendMember(round, copy));
    state.writes = write.catch(() => {});
    try {
      await write;
    } catch (err) {
      state.byNode.delete(key);
      throw err;
    }
    return 'registered';
  }

  /**
   * Closes `round` to registrations, waits for its pending writes and returns its members in node-id order.
   * @throws {PoetError} BAD_STATE when its members file is damaged
   */
  async close(round: number): Promise<Member[]> {
    const state = await this.load(round);
    state.closed = true;
    await state.writes;
    return sortMembers([...state.byNode.values()]);
  }

  /** Members of `round` so far, in node-id order. */
  async members(round: number): Promise<Member[]> {
    return sortMembers([...(await this.load(round)).byNode.values()]);
  }

  /** Forgets a finished round's in-memory members (its proof file keeps them). */
  forget(round: number): void {
    this.rounds.delete(round);
  }

  private load(round: number): Promise<RoundMembers> {
    let state = this.rounds.get(round);
    if (state === undefined) {
      state = this.store.readMembers(round).then((members) => ({
        byNode: new Map(members.map((m) => [bytesToHex(m.nodeId), m])),
        closed: false,
        writes: Promise.resolve(),
      }));
      // A failed read is not cached: the next call reads again.
      state.catch(() => this.rounds.delete(round));
      this.rounds.set(round, state);
    }
    return state;
  }
}
