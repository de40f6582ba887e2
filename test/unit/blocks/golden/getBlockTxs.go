// Regenerates the golden block-transaction order in test/unit/blocks/generate.test.ts ("block transactions against
// go"): a transliteration of go-spacemesh cc65f271f3e2 blocks/utils.go getBlockTXs + prune, txs/cache.go
// (BuildFromTXs, groupTXsByPrincipal, addBatch, findBest, accept, precheck, getMempool) and
// txs/conservative_state.go ShuffleWithNonceOrder with logging removed. blake3(seed || id) comes in as input
// ("combined"), as no blake3 module is at hand offline; math/rand and seehuhn/mt19937 are the real ones.
//
// Run: put seehuhn/mt19937 v1.0.0's mt19937.go (GPL-3, not copied here) in ./mt19937 with `package mt19937`, a
// go.mod `module blockgold`, then `go build` and pipe one JSON case to stdin:
//   {"seed": hex32, "gasLimit": "n", "txs": [{"id", "principal", "nonce", "maxGas", "gasPrice", "maxSpend",
//    "applied": bool, "combined": hex32}]}
// It prints the block's transaction ids in order.
package main

import (
	"bytes"
	"container/list"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"sort"

	"blockgold/mt19937"
)

const (
	maxTXsPerAcct  = 100
	maxTXsPerNonce = 100
	MinTXGas       = uint64(1)
)

var (
	errInsufficientBalance = errors.New("insufficient balance")
	errTooManyNonce        = errors.New("too many")
)

type NanoTX struct {
	ID        string
	Principal string
	Nonce     uint64
	MaxGas    uint64
	GasPrice  uint64
	MaxSpend  uint64
	Layer     uint32
	Combined  []byte
}

func (n *NanoTX) Fee() uint64         { return n.MaxGas * n.GasPrice }
func (n *NanoTX) MaxSpending() uint64 { return n.Fee() + n.MaxSpend }
func (n *NanoTX) Better(other *NanoTX) bool {
	if n.Fee() > other.Fee() {
		return true
	}
	if n.Fee() == other.Fee() {
		return bytes.Compare(n.Combined, other.Combined) < 0
	}
	return false
}

type candidate struct {
	best        *NanoTX
	postBalance uint64
}

func (s *candidate) nonce() uint64       { return s.best.Nonce }
func (s *candidate) maxSpending() uint64 { return s.best.MaxSpending() }

type accountCache struct {
	txsByNonce   *list.List
	startNonce   uint64
	startBalance uint64
}

func (ac *accountCache) nextNonce() uint64 {
	if ac.txsByNonce.Len() == 0 {
		return ac.startNonce
	}
	return ac.txsByNonce.Back().Value.(*candidate).nonce() + 1
}

func (ac *accountCache) availBalance() uint64 {
	if ac.txsByNonce.Len() == 0 {
		return ac.startBalance
	}
	return ac.txsByNonce.Back().Value.(*candidate).postBalance
}

func (ac *accountCache) precheck(ntx *NanoTX) (*list.Element, *candidate, error) {
	if ac.txsByNonce.Len() >= maxTXsPerAcct {
		return nil, nil, errTooManyNonce
	}
	balance := ac.startBalance
	var prev *list.Element
	for e := ac.txsByNonce.Back(); e != nil; e = e.Prev() {
		cand := e.Value.(*candidate)
		if cand.nonce() > ntx.Nonce {
			continue
		}
		if cand.nonce() == ntx.Nonce {
			balance = cand.postBalance + cand.maxSpending()
		} else {
			balance = cand.postBalance
		}
		prev = e
		break
	}
	if balance < ntx.MaxSpending() {
		return nil, nil, errInsufficientBalance
	}
	return prev, &candidate{best: ntx, postBalance: balance - ntx.MaxSpending()}, nil
}

func (ac *accountCache) accept(ntx *NanoTX) error {
	var added *list.Element
	prev, cand, err := ac.precheck(ntx)
	if err != nil {
		return err
	}
	if prev == nil {
		added = ac.txsByNonce.PushFront(cand)
	} else if prevCand := prev.Value.(*candidate); prevCand.nonce() < ntx.Nonce {
		added = ac.txsByNonce.InsertAfter(cand, prev)
	} else {
		if !ntx.Better(prevCand.best) {
			return nil
		}
		added = prev
		prevCand.best = ntx
		prevCand.postBalance = cand.postBalance
	}
	next := added.Next()
	newBalance := cand.postBalance
	for next != nil {
		nextCand := next.Value.(*candidate)
		if newBalance >= nextCand.maxSpending() {
			newBalance -= nextCand.maxSpending()
			nextCand.postBalance = newBalance
			next = next.Next()
			continue
		}
		rm := next
		next = next.Next()
		ac.txsByNonce.Remove(rm)
	}
	return nil
}

func findBest(ntxs []*NanoTX, balance uint64) *NanoTX {
	var best *NanoTX
	for _, ntx := range ntxs {
		if balance >= ntx.MaxSpending() && (best == nil || ntx.Better(best)) {
			best = ntx
		}
	}
	return best
}

func (ac *accountCache) addBatch(nonce2TXs map[uint64][]*NanoTX) {
	nextNonce := ac.nextNonce()
	balance := ac.availBalance()
	sortedNonce := make([]uint64, 0, len(nonce2TXs))
	for nonce := range nonce2TXs {
		if nonce < nextNonce {
			continue
		}
		sortedNonce = append(sortedNonce, nonce)
	}
	sort.Slice(sortedNonce, func(i, j int) bool { return sortedNonce[i] < sortedNonce[j] })
	for _, nonce := range sortedNonce {
		best := findBest(nonce2TXs[nonce], balance)
		if best == nil {
			continue
		}
		if err := ac.accept(best); err != nil {
			if errors.Is(err, errTooManyNonce) {
				break
			}
			continue
		}
		balance = ac.availBalance()
	}
}

func (ac *accountCache) getMempool() []*NanoTX {
	bests := []*NanoTX{}
	found := false
	for e := ac.txsByNonce.Front(); e != nil; e = e.Next() {
		cand := e.Value.(*candidate)
		if !found && cand.best.Layer == 0 {
			found = true
		}
		if found {
			bests = append(bests, cand.best)
		}
	}
	return bests
}

func toUint64Slice(b []byte) []uint64 {
	var s []uint64
	for i := 0; i < len(b); i += 8 {
		s = append(s, binary.LittleEndian.Uint64(b[i:i+8]))
	}
	return s
}

type input struct {
	Seed     string   `json:"seed"`
	GasLimit uint64   `json:"gasLimit,string"`
	Txs      []txJSON `json:"txs"`
}

type txJSON struct {
	ID        string `json:"id"`
	Principal string `json:"principal"`
	Nonce     uint64 `json:"nonce,string"`
	MaxGas    uint64 `json:"maxGas,string"`
	GasPrice  uint64 `json:"gasPrice,string"`
	MaxSpend  uint64 `json:"maxSpend,string"`
	Applied   bool   `json:"applied"`
	Combined  string `json:"combined"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	seed, _ := hex.DecodeString(in.Seed)
	// groupTXsByPrincipal (map iteration order does not matter: sorted by id below)
	byPrincipal := map[string]map[uint64][]*NanoTX{}
	for _, t := range in.Txs {
		c, _ := hex.DecodeString(t.Combined)
		var layer uint32
		if t.Applied {
			layer = 1
		}
		ntx := &NanoTX{ID: t.ID, Principal: t.Principal, Nonce: t.Nonce, MaxGas: t.MaxGas, GasPrice: t.GasPrice, MaxSpend: t.MaxSpend, Layer: layer, Combined: c}
		if _, ok := byPrincipal[t.Principal]; !ok {
			byPrincipal[t.Principal] = map[uint64][]*NanoTX{}
		}
		if len(byPrincipal[t.Principal][t.Nonce]) < maxTXsPerNonce {
			byPrincipal[t.Principal][t.Nonce] = append(byPrincipal[t.Principal][t.Nonce], ntx)
		}
	}
	byAddrAndNonce := map[string][]*NanoTX{}
	for p, n2t := range byPrincipal {
		ac := &accountCache{txsByNonce: list.New(), startNonce: 0, startBalance: math.MaxUint64}
		ac.addBatch(n2t)
		if m := ac.getMempool(); len(m) > 0 {
			byAddrAndNonce[p] = m
		}
	}
	candidates := []*NanoTX{}
	byTid := map[string]*NanoTX{}
	for _, acct := range byAddrAndNonce {
		candidates = append(candidates, acct...)
		for _, ntx := range acct {
			byTid[ntx.ID] = ntx
		}
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].ID < candidates[j].ID })
	mt := mt19937.New()
	mt.SeedFromSlice(toUint64Slice(seed))
	rng := rand.New(mt)
	rng.Shuffle(len(candidates), func(i, j int) { candidates[i], candidates[j] = candidates[j], candidates[i] })
	result := []string{}
	for _, ntx := range candidates {
		p := ntx.Principal
		toAdd := byAddrAndNonce[p][0]
		result = append(result, toAdd.ID)
		byAddrAndNonce[p] = byAddrAndNonce[p][1:]
	}
	if in.GasLimit > 0 {
		gasRemaining := in.GasLimit
		for idx, tid := range result {
			if gasRemaining < MinTXGas {
				result = result[:idx]
				break
			}
			gasRemaining -= byTid[tid].MaxGas
		}
	}
	out, _ := json.Marshal(result)
	fmt.Println(string(out))
}
